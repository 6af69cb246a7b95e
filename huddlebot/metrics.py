"""`GET /metrics` in Prometheus text format: prompts, outbox depth and age, acknowledgement
latency and chart render time. Counters live in this process; outbox figures come from the
database, so every replica reports the same truth."""

from __future__ import annotations

import asyncio
import bisect
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC

from aiohttp import web
from sqlalchemy import func, select

from huddlebot.bootstrap import Runtime

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
ACK_PATHS = ("/slack/events", "/api/messages")


class Histogram:
    def __init__(self, name: str, help_text: str) -> None:
        self.name, self.help = name, help_text
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total, self.count = 0.0, 0
        self._lock = threading.Lock()

    def observe(self, seconds: float) -> None:
        with self._lock:
            self.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            self.total += seconds
            self.count += 1

    def lines(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        running = 0
        for bound, n in zip(BUCKETS, self.counts, strict=False):
            running += n
            out.append(f'{self.name}_bucket{{le="{bound}"}} {running}')
        out.append(f'{self.name}_bucket{{le="+Inf"}} {self.count}')
        out += [f"{self.name}_sum {self.total:.6f}", f"{self.name}_count {self.count}"]
        return out


ACK_LATENCY = Histogram("huddlebot_ack_seconds", "Time to acknowledge a Slack or Teams request")
RENDER_TIME = Histogram("huddlebot_chart_render_seconds", "Time to render one chart image")


def outbox_depth(runtime: Runtime) -> dict[str, int]:
    from bot.stores.tables.schedule import OutboxRow

    with runtime.db.session() as session:
        rows = session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        return {status: count for status, count in rows}


def _prompt_counts(runtime: Runtime) -> dict[str, int]:
    from bot.stores.tables.schedule import OutboxRow

    with runtime.db.session() as session:
        rows = session.execute(
            select(OutboxRow.status, func.count())
            .where(OutboxRow.kind == "huddle.prompt")
            .group_by(OutboxRow.status)
        )
        return {status: count for status, count in rows}


def _oldest_waiting(runtime: Runtime) -> float:
    from bot.stores.tables.schedule import OutboxRow

    with runtime.db.session() as session:
        oldest = session.scalar(
            select(func.min(OutboxRow.created_at)).where(
                OutboxRow.status.in_(("pending", "retry", "sending"))
            )
        )
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, (runtime.clock.now() - oldest).total_seconds())


def _leader(runtime: Runtime) -> int:
    service = runtime.scheduler
    return int(service is not None and service.ticks and service.leadership.held)


def _oldest_unenqueued(runtime: Runtime) -> float:
    """Seconds since the oldest occurrence that is due but not yet turned into outbox rows (0
    when the ticks are keeping up): what a stalled or leaderless scheduler looks like."""
    from scheduler.backlog import oldest_unenqueued

    now = runtime.clock.now()
    oldest = oldest_unenqueued(runtime.db, now)
    return 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())


def render_metrics(runtime: Runtime) -> str:
    lines = [
        "# HELP huddlebot_scheduler_leader 1 while this process runs the scheduler ticks",
        "# TYPE huddlebot_scheduler_leader gauge",
        f"huddlebot_scheduler_leader {_leader(runtime)}",
        "# HELP huddlebot_scheduler_oldest_unenqueued_seconds Age of the oldest due occurrence "
        "not yet enqueued",
        "# TYPE huddlebot_scheduler_oldest_unenqueued_seconds gauge",
        f"huddlebot_scheduler_oldest_unenqueued_seconds {_oldest_unenqueued(runtime):.1f}",
        "# HELP huddlebot_outbox_messages Outbox rows by state",
        "# TYPE huddlebot_outbox_messages gauge",
    ]
    for status, count in sorted(outbox_depth(runtime).items()):
        lines.append(f'huddlebot_outbox_messages{{status="{status}"}} {count}')
    lines += [
        "# HELP huddlebot_outbox_oldest_waiting_seconds Age of the oldest undelivered row",
        "# TYPE huddlebot_outbox_oldest_waiting_seconds gauge",
        f"huddlebot_outbox_oldest_waiting_seconds {_oldest_waiting(runtime):.1f}",
        "# HELP huddlebot_prompts Huddle prompts by state (due = waiting to be sent)",
        "# TYPE huddlebot_prompts gauge",
    ]
    prompts = _prompt_counts(runtime)
    due = sum(prompts.get(s, 0) for s in ("pending", "retry", "sending"))
    for state, count in (
        ("due", due),
        ("sent", prompts.get("sent", 0)),
        ("expired", prompts.get("expired", 0)),
        ("dead", prompts.get("dead", 0)),
    ):
        lines.append(f'huddlebot_prompts{{state="{state}"}} {count}')
    lines += ACK_LATENCY.lines() + RENDER_TIME.lines()
    return "\n".join(lines) + "\n"


def metrics_route(runtime: Runtime) -> web.RouteDef:
    async def metrics(request: web.Request) -> web.Response:
        body = await asyncio.to_thread(render_metrics, runtime)
        return web.Response(text=body, content_type="text/plain", charset="utf-8")

    return web.get("/metrics", metrics)


@web.middleware
async def time_acks(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Acknowledgement latency: from request to response on the Slack and Teams endpoints."""
    if request.path not in ACK_PATHS:
        return await handler(request)
    started = time.perf_counter()
    try:
        return await handler(request)
    finally:
        ACK_LATENCY.observe(time.perf_counter() - started)
