"""Fan-out: 1,000 teams' huddle prompts due in the same minute, delivered through the outbox
and the real Slack adapter (`slack_sdk.AsyncWebClient`) to a fake Slack Web API on loopback
that enforces one message per second per channel, a per-workspace budget, and answers some
calls 429 at random. Prints the time until the last prompt was delivered against the minimum
the limits allow, and counts duplicates and losses (both must be 0).

    .venv/bin/python bench/fanout_bench.py                     # 1,000 teams, 10 workspaces
    .venv/bin/python bench/fanout_bench.py --teams 200 --workspaces 2 --budget 5
    .venv/bin/python bench/fanout_bench.py --database-url postgresql://postgres@127.0.0.1/test

With a PostgreSQL URL it creates a scratch database on that server and drops it afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from adapters.slack.send import SlackPlatform  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.messages import Address, Edit, Post, Posted, Text  # noqa: E402
from bot.schedule import Due  # noqa: E402
from bot.stores.tables.core import Address as AddressRow  # noqa: E402
from bot.stores.tables.core import Division, HuddleSlot, Team, Trust  # noqa: E402
from bot.stores.tables.schedule import OutboxRow  # noqa: E402
from fakes.scratch_db import scratch_database  # noqa: E402
from fakes.slack_api import FakeSlack  # noqa: E402
from scheduler.clock import OffsetClock  # noqa: E402
from scheduler.deliver import Deliverer  # noqa: E402
from scheduler.policy import DeliveryPolicy  # noqa: E402
from scheduler.tick import tick  # noqa: E402

HUDDLE = datetime(2027, 3, 1, 8, 30)  # a Monday, GMT


class BudgetedSlack(FakeSlack):
    """The shared fake plus a workspace-wide budget and random 429s (Retry-After: 1). Its clock
    counts seconds from 08:30:00, so what it saw can be set beside the outbox's times."""

    RETRY_AFTER = 1.0  # what the fake answers with every 429

    def __init__(self, budget: float, flaky: float, seed: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget, self.flaky = budget, flaky
        self._rng = random.Random(seed)
        self._tokens, self._at = budget, self.clock()
        self._budget_lock = threading.Lock()
        self.limited = 0
        self.attempts = 0  # every chat.postMessage, refused or not
        self.random_refusals: list[float] = []  # when a call was refused at random

    def floor(self, rate_floor: float) -> float:
        """The earliest this workspace could have finished, given what it answered: every
        attempt made at the budget's rate (a full bucket first), and the last call refused at
        random retried after its Retry-After. (Refusals for going over the budget or a
        channel's pace are the sender's doing, so they do not move this floor.)"""
        fair = self.attempts - (self.limited - len(self.random_refusals))  # not the paced ones
        attempts = max(0.0, (fair - self.budget) / self.budget)
        last = max(self.random_refusals, default=float("-inf")) + self.RETRY_AFTER
        return max(rate_floor, attempts, last)

    def _rate_limited(self, method: str, params: dict[str, Any]) -> bool:
        if method != "chat.postMessage":
            return False
        with self._budget_lock:
            now = self.clock()
            self._tokens = min(self.budget, self._tokens + (now - self._at) * self.budget)
            self._at = now
            self.attempts += 1
            unlucky = self._rng.random() < self.flaky
            if unlucky:
                self.random_refusals.append(now)
            refuse = unlucky or self._tokens < 1.0
            if not refuse:
                refuse = super()._rate_limited(method, params)
            if refuse:
                self.limited += 1
            else:
                self._tokens -= 1.0
            return refuse


class Workspaces:
    """One `Platform` for many Slack workspaces: each post goes through its workspace's client."""

    name = "slack"

    def __init__(self, by_workspace: dict[str, SlackPlatform]) -> None:
        self.by_workspace = by_workspace

    @contextlib.asynccontextmanager
    async def connections(self) -> AsyncIterator[None]:
        """Each workspace's client keeps its connections while the worker runs."""
        async with contextlib.AsyncExitStack() as kept:
            for platform in self.by_workspace.values():
                await kept.enter_async_context(platform.connections())
            yield

    async def send(self, post: Post) -> Posted:
        return await self.by_workspace[post.to.workspace].send(post)

    async def edit(self, edit: Edit) -> Posted:
        raise NotImplementedError


def seed(db: Database, teams: int, workspaces: int) -> None:
    with db.session() as s:
        trust = Trust(
            name="Bench Trust",
            timezone="Europe/London",
            bank_holiday_region="england-and-wales",
            settings_json="{}",
        )
        s.add(trust)
        s.flush()
        division = Division(trust_id=trust.id, key="all", name="All")
        s.add(division)
        s.flush()
        for i in range(teams):
            team = Team(
                trust_id=trust.id,
                division_id=division.id,
                key=f"team-{i}",
                name=f"Team {i}",
                timezone="Europe/London",
                settings_json='{"nudge_after_minutes": 0, "digest": "off"}',
            )
            s.add(team)
            s.flush()
            s.add(
                HuddleSlot(
                    team_id=team.id,
                    slot="08:30",
                    local_time="08:30",
                    days="mon-sun",
                    bank_holidays="run",
                )
            )
            s.add(
                AddressRow(
                    owner_kind="team",
                    owner_id=team.id,
                    platform="slack",
                    workspace=f"T{i % workspaces}",
                    conversation=f"C{i:05d}",
                    reference="",
                    private=False,
                )
            )


def composer(db: Database):  # type: ignore[no-untyped-def]
    with db.session() as s:
        where = {
            owner: Address(platform, ws, conv)
            for owner, platform, ws, conv in s.execute(
                select(
                    AddressRow.owner_id,
                    AddressRow.platform,
                    AddressRow.workspace,
                    AddressRow.conversation,
                ).where(AddressRow.owner_kind == "team")
            )
        }

    def compose(due: Due) -> list[Post]:
        text = f"Huddle time for {due.team_key} ({due.local_date} {due.slot})"
        return [Post(where[due.team_id or 0], Text(text), key=due.kind)]

    return compose


async def fan_out(
    db: Database,
    platforms: dict[str, Any],
    clock: OffsetClock,
    policy: DeliveryPolicy,
    compose: Any,
    limit: float,
) -> tuple[Any, float]:
    """As `huddlebot run` does it: the worker is already running when the tick at 08:30:00
    puts the prompts in the outbox, nudging it after each chunk. Returns the tick's result
    and seconds."""
    worker = Deliverer(db, platforms, clock, policy=policy, batch=100)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    while clock.now() < HUDDLE.replace(tzinfo=UTC):
        await asyncio.sleep(0.005)
    started = time.monotonic()
    loop = asyncio.get_running_loop()
    result = await asyncio.to_thread(
        tick, db, compose, clock.now(), recorded=lambda: loop.call_soon_threadsafe(worker.nudge)
    )
    tick_seconds = time.monotonic() - started
    worker.nudge()
    while time.monotonic() - started < limit:
        await asyncio.sleep(0.1)
        with db.session() as s:
            open_rows = s.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.status.in_(("pending", "retry", "sending")))
            )
        if not open_rows:
            break
    stop.set()
    await task
    return result, tick_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--workspaces", type=int, default=10)
    parser.add_argument("--budget", type=float, default=10.0, help="messages/s per workspace")
    parser.add_argument("--flaky", type=float, default=0.03, help="share of calls answered 429")
    parser.add_argument(
        "--headroom",
        type=float,
        default=1.0,
        help="our budget / Slack's (1: HUDDLEBOT_SLACK_BUDGET set to the workspace's limit)",
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--limit", type=float, default=600.0, help="give up after this many s")
    args = parser.parse_args()

    scratch = contextlib.ExitStack()  # a throwaway database, dropped at the end
    url = scratch.enter_context(scratch_database(args.database_url, prefix="hb_fanout"))
    db = Database(url)
    seed(db, args.teams, args.workspaces)
    clock = OffsetClock(HUDDLE.replace(minute=29, second=50))
    huddle = HUDDLE.replace(tzinfo=UTC)
    fakes = [
        BudgetedSlack(
            args.budget,
            args.flaky,
            seed=w,
            team=f"T{w}",
            members={f"C{i:05d}" for i in range(w, args.teams, args.workspaces)},
            clock=lambda: (clock.now() - huddle).total_seconds(),
        )
        for w in range(args.workspaces)
    ]
    for fake in fakes:
        fake.start()
    platforms = {
        "slack": Workspaces(
            {
                f"T{w}": SlackPlatform(
                    AsyncWebClient(token="xoxb-bench", base_url=f.url, timeout=10)
                )
                for w, f in enumerate(fakes)
            }
        )
    }
    # The configured budget is the workspace's limit (or under it, with --headroom below 1): the
    # few posts Slack still refuses at the edges give their slot back and go again.
    policy = DeliveryPolicy(
        workspace_rate={"slack": args.budget * args.headroom}, channel_interval={"slack": 1.0}
    )
    compose = composer(db)
    # As in `huddlebot run`, which ticks every 30 s: the mark at 08:29:20, an ordinary tick with
    # nothing due at 08:29:50, then the huddle's at 08:30:00.
    tick(db, compose, clock.now() - timedelta(seconds=30))
    tick(db, compose, clock.now())
    cpu = time.process_time()
    result, tick_seconds = asyncio.run(fan_out(db, platforms, clock, policy, compose, args.limit))
    cpu = time.process_time() - cpu

    posted = Counter(m["channel"] for f in fakes for m in f.posted())
    duplicates = sum(n - 1 for n in posted.values() if n > 1)
    losses = args.teams - len(posted)
    with db.session() as s:
        states = Counter(s.scalars(select(OutboxRow.status)).all())
        last = s.scalar(select(func.max(OutboxRow.sent_at)))
        times = sorted(
            (t - HUDDLE.replace(tzinfo=UTC)).total_seconds()
            for t in s.scalars(select(OutboxRow.sent_at).where(OutboxRow.sent_at.is_not(None)))
        )
    total = (last - HUDDLE.replace(tzinfo=UTC)).total_seconds() if last else float("nan")
    per_workspace = max(len(range(w, args.teams, args.workspaces)) for w in range(args.workspaces))
    minimum = max(0.0, (per_workspace - args.budget) / args.budget)  # a full bucket, then rate
    honest = max(f.floor(minimum) for f in fakes)  # no sender can beat a refusal's Retry-After
    unlucky = sum(len(f.random_refusals) for f in fakes)
    for fake in fakes:
        fake.stop()
    db.dispose()
    scratch.close()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"database                {db.url.split(':')[0]}")
    print(
        f"teams due at 08:30      {args.teams} in {args.workspaces} workspaces "
        f"(budget {args.budget:g}/s each, 1/s per channel, {args.flaky:.0%} random 429s)"
    )
    print(f"tick (occurrences+rows) {tick_seconds:.2f} s for {len(result.enqueued)} occurrences")
    print(f"last prompt delivered   {total:.1f} s after 08:30:00")
    print(f"minimum the limits allow {minimum:.1f} s  (ratio {total / max(minimum, 0.001):.2f})")
    print(
        f"  given the 429s answered {honest:.1f} s  (ratio {total / max(honest, 0.001):.2f}; "
        "per workspace the later of its attempts at the rate and its last random 429 + "
        "Retry-After)"
    )
    if times:
        half, most = times[len(times) // 2], times[int(len(times) * 0.9)]
        print(f"half / 90% delivered    {half:.1f} s / {most:.1f} s")
    limited = sum(f.limited for f in fakes)
    print(f"429 answers             {limited} ({unlucky} at random, {limited - unlucky} for pace)")
    print(f"postMessage calls       {sum(f.attempts for f in fakes)}")
    print(f"CPU (this process)      {cpu:.1f} s, the fake Slack's included; load {load}")
    print(f"outbox states           {dict(states)}")
    print(f"duplicates              {duplicates}")
    print(f"losses                  {losses}")
    return 0 if duplicates == 0 and losses == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
