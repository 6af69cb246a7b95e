"""The soak drill: simulated days on an accelerated clock for many teams with two huddles a day
(08:00 and 20:00 London time, across the March clock change), their reminders, weekly chart
digests, and staff answering in the prompts' threads through the Events API inbox (with Slack's
retries), with the nightly retention purge on. Drives the real core, tick, outbox, deliverer
(`scheduler.service.step`) and Slack adapter against a stand-in for the Slack Web API.

Run at length by `bench/soak_bench.py` and briefly by `tests/ops/test_soak_short.py`.

Duplicates are counted in a ledger kept per day and dropped once the day is checked, so the
drill's own bookkeeping does not grow with the number of posts.
"""

from __future__ import annotations

import gc
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select, text

from adapters.slack.inbox import SlackInbox
from adapters.slack.send import SlackPlatform
from bot.config import apply_config, parse_config
from bot.events import Origin, Said, Sender
from bot.messages import Edit, Post, Posted
from bot.retention import purge
from bot.stores.tables.schedule import OutboxRow
from huddlebot.bootstrap import build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from scheduler.policy import DeliveryPolicy
from scheduler.service import step

LONDON = ZoneInfo("Europe/London")
START = datetime(2027, 3, 1, 0, 0, tzinfo=UTC)  # a Monday; the clocks go forward on 28 March
STEP = timedelta(minutes=10)
WORKSPACE = "T0SOAK"
# Short periods, so that 30 days show the purge at work (the defaults are 30 and 90 days).
RETENTION = {"inbound_days": 3, "outbox_days": 7}
WATCHED = (
    "outbox",
    "occurrences",
    "timers",
    "postings",
    "inbox",
    "delivery_gates",
    "addresses",
    "audit",
    "readings",
)
FAST = DeliveryPolicy(
    channel_interval={"slack": 0.0, "teams": 0.0, "console": 0.0},
    workspace_rate={"slack": 1e9, "teams": 1e9, "console": 1e9},
)


class SlackWebApi:
    """Stands in for the Slack Web API behind `SlackPlatform`: accepts every call. Remembers
    only the latest prompt in each channel (so staff can answer in its thread)."""

    def __init__(self) -> None:
        self._ts = itertools.count(1)
        self.prompt_in: dict[str, str] = {}  # channel -> ts of its latest prompt
        self.calls: Counter[str] = Counter()
        self.png_bytes = 0

    def _next(self) -> str:
        return f"{1800000000 + next(self._ts)}.000100"

    async def chat_postMessage(self, **kw: Any) -> dict[str, Any]:  # noqa: N802
        self.calls["chat.postMessage"] += 1
        ts = self._next()
        key = ((kw.get("metadata") or {}).get("event_payload") or {}).get("key") or ""
        if key.startswith("huddle.prompt"):
            self.prompt_in[kw["channel"]] = ts
        return {"ok": True, "channel": kw["channel"], "ts": ts}

    async def chat_postEphemeral(self, **kw: Any) -> dict[str, Any]:  # noqa: N802
        self.calls["chat.postEphemeral"] += 1
        return {"ok": True, "message_ts": self._next()}

    async def chat_update(self, **kw: Any) -> dict[str, Any]:
        self.calls["chat.update"] += 1
        return {"ok": True, "channel": kw["channel"], "ts": kw["ts"]}

    async def conversations_open(self, **kw: Any) -> dict[str, Any]:
        self.calls["conversations.open"] += 1
        return {"ok": True, "channel": {"id": "D" + str(kw["users"])[1:]}}

    async def conversations_history(self, **kw: Any) -> dict[str, Any]:
        self.calls["conversations.history"] += 1
        return {"ok": True, "messages": []}

    conversations_replies = conversations_history

    async def files_upload_v2(self, **kw: Any) -> dict[str, Any]:
        self.calls["files.upload"] += 1
        content = kw.get("content") or b""
        if not content.startswith(b"\x89PNG"):
            raise ValueError("a chart upload that is not a PNG")
        self.png_bytes += len(content)
        return {"ok": True, "files": [{"id": f"F{next(self._ts)}"}]}


@dataclass
class DayCheck:
    """What one day's posts came to."""

    day: date
    prompts: int
    duplicates: list[tuple[str, str, int]]


@dataclass
class Ledger:
    """Counts each post by (key, conversation) for the current day only; `close` checks a day
    and forgets it, so memory stays flat however many days run."""

    open: dict[date, Counter[tuple[str, str]]] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)

    def note(self, day: date, post: Post) -> None:
        self.kinds[type(post.message).__name__] += 1
        if post.key:
            self.open.setdefault(day, Counter())[(post.key, post.to.conversation)] += 1

    def close(self, before: date) -> list[DayCheck]:
        """Check and drop every day before `before`."""
        checks = []
        for day in sorted(d for d in self.open if d < before):
            counts = self.open.pop(day)
            prompts = sum(1 for key, _ in counts if key.startswith("huddle.prompt"))
            dupes = [(k, c, n) for (k, c), n in counts.items() if n > 1]
            checks.append(DayCheck(day, prompts, dupes))
        return checks


class CountingSlack:
    """The real Slack adapter, with every post noted in the ledger on its way out."""

    name = "slack"

    def __init__(self, api: SlackWebApi, ledger: Ledger, clock: Any) -> None:
        self.inner = SlackPlatform(api)  # type: ignore[arg-type]
        self.ledger, self.clock = ledger, clock

    async def send(self, post: Post) -> Posted:
        self.ledger.note(self.clock.now().astimezone(LONDON).date(), post)
        return await self.inner.send(post)

    async def edit(self, edit: Edit) -> Posted:
        self.ledger.kinds["edit"] += 1
        return await self.inner.edit(edit)

    async def find(self, post: Post) -> Posted | None:
        return await self.inner.find(post)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def config(teams: int, retention: dict[str, int]) -> dict[str, Any]:
    return {
        "trust": {"name": "Soak Trust", "timezone": "Europe/London"},
        "retention": retention,
        "divisions": [
            {
                "key": "all",
                "name": "All",
                "slack_channel": "CDIV",
                "teams": [
                    {
                        "key": f"team-{n}",
                        "name": f"Team {n}",
                        "slack_channel": f"C{n:05d}",
                        "huddles": [
                            {"time": "08:00", "days": "mon-sun"},
                            {"time": "20:00", "days": "mon-sun"},
                        ],
                        "measures": [
                            {"key": "falls", "name": "Falls", "kind": "count", "direction": "down"}
                        ],
                    }
                    for n in range(teams)
                ],
            }
        ],
        "people": [{"name": "Soak Admin", "slack": "U0ADMIN", "roles": ["trust_admin"]}]
        + [
            {"name": f"Nurse {n}", "slack": f"U{n:05d}", "roles": [f"member:team-{n}"]}
            for n in range(teams)
        ],
    }


def unsent_prompts(runtime: Any, now: datetime) -> int:
    """Prompt rows due by `now` that did not end `sent` (expired, dead or still waiting)."""
    with runtime.db.session() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    OutboxRow.kind == "huddle.prompt",
                    OutboxRow.status != "sent",
                    OutboxRow.due_at < now,
                )
            )
            or 0
        )


def table_sizes(runtime: Any) -> dict[str, int]:
    with runtime.db.engine.connect() as conn:
        names = inspect(runtime.db.engine).get_table_names()
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


@dataclass
class Inbox:
    """Staff answers arriving as Events API messages: each stored in the Slack inbox under its
    event id and handled from there (as the Slack app does), a share delivered again as Slack
    retries."""

    runtime: Any
    api: SlackWebApi
    rng: random.Random
    retry_share: float = 0.05
    inbox: SlackInbox = field(init=False)
    ids: Any = field(default_factory=lambda: itertools.count(1))
    handled: int = 0
    retries_refused: int = 0
    handled_twice: int = 0
    unthreaded: int = 0

    def __post_init__(self) -> None:
        self.inbox = SlackInbox(self.runtime.db.engine)

    def answer(self, n: int, at: datetime) -> bool:
        """Nurse n answers their team's latest prompt in its thread; False if none was posted."""
        channel = f"C{n:05d}"
        thread = self.api.prompt_in.get(channel)
        if thread is None:
            self.unthreaded += 1
            return False
        event = Said(
            Sender("slack", f"U{n:05d}", f"Nurse {n}"),
            Origin("slack", WORKSPACE, channel, thread),
            f"falls {self.rng.randint(0, 3)}",
            at,
        )
        event_id = f"Ev{next(self.ids):010d}"
        deliveries = 2 if self.rng.random() < self.retry_share else 1
        first = 0
        body = {"type": "event_callback", "event_id": event_id}
        for _ in range(deliveries):
            inbox_id = self.inbox.receive(event_id, "event", body, at)
            if inbox_id is not None:
                first += 1
                self.runtime.bot.handle(event, inbox_id)
                self.inbox.finish(inbox_id)
            else:
                self.retries_refused += 1
        self.handled += min(first, 1)
        self.handled_twice += max(0, first - 1)
        return first > 0


async def soak(
    teams: int,
    days: int,
    answering: float,
    database_url: str,
    on_day: Callable[[int, Any], None] | None = None,
    retention: dict[str, int] | None = None,
    step_by: timedelta = STEP,
) -> dict[str, Any]:
    """Run the soak; print the figures and return the ones a test checks. `on_day(day,
    runtime)` runs after each nightly purge (for profiling). The clock moves `step_by` at a
    time, 10 to 30 minutes dividing the hour (a longer step is a cheaper run; every post is
    still sent well inside its window): staff answer at the first step ten or more minutes
    after each huddle, and the nightly purge runs at the step at 03:00."""
    minutes = int(step_by.total_seconds() // 60)
    assert 10 <= minutes <= 30 and 60 % minutes == 0, step_by
    retention = retention or RETENTION
    settings = Settings(
        database_url=database_url, slack_bot_token="xoxb-soak", slack_signing_secret="soak"
    )
    runtime = build(settings, clock=FixedClock(START))
    api, ledger = SlackWebApi(), Ledger()
    runtime.platforms["slack"] = CountingSlack(api, ledger, runtime.clock)
    with runtime.db.session() as session:
        apply_config(session, parse_config(config(teams, retention)), START)
    rng = random.Random(11)
    inbox = Inbox(runtime, api, rng)
    began, rss_start = time.perf_counter(), rss_mb()
    rss: dict[int, float] = {0: rss_start}
    objects: dict[int, int] = {0: len(gc.get_objects())}  # Python objects the collector tracks
    sizes_by_day: dict[int, dict[str, int]] = {}
    purged: Counter[str] = Counter()
    checks: list[DayCheck] = []
    now, answered, unsent = START, 0, 0
    print(f"  day  0: RSS {rss_start:6.1f} MB (configured, before the first tick)")
    await step(runtime, now, FAST)  # sets the scheduler's mark
    end = START + timedelta(days=days, hours=3)  # through the night after the last day
    while now < end:
        now += step_by
        runtime.clock.set(now)
        await step(runtime, now, FAST)
        local = now.astimezone(LONDON)
        if local.hour in (8, 20) and 10 <= local.minute < 10 + minutes:  # after each huddle
            for n in range(teams):
                if rng.random() < answering and inbox.answer(n, now):
                    answered += 1
        if local.hour == 3 and local.minute < minutes:  # the nightly purge, then the check
            with runtime.db.session() as session:
                purged.update(purge(session, now))
            checks += ledger.close(local.date())
            day = (local.date() - START.date()).days  # days completed
            if day == 0:
                continue
            rss[day], objects[day] = rss_mb(), len(gc.get_objects())
            sizes_by_day[day] = table_sizes(runtime)
            unsent += unsent_prompts(runtime, now)
            if day % 5 == 0 or day == 1:
                print(
                    f"  day {day:2d}: RSS {rss[day]:6.1f} MB, {objects[day]} Python objects, "
                    f"{time.perf_counter() - began:6.1f} s"
                )
            if on_day is not None:
                on_day(day, runtime)
    checks += ledger.close(date.max)
    runtime.db.dispose()

    expected = teams * 2 * days
    prompts = sum(c.prompts for c in checks)
    duplicates = [d for c in checks for d in c.duplicates]
    short_days = [c.day.isoformat() for c in checks if c.prompts < teams * 2]
    losses = max(0, expected - prompts)
    print(f"soak: {teams} teams, {days} days, two huddles a day, {answering:.0%} answering")
    print(f"  retention (shortened)          {retention}")
    print(f"  wall time                      {time.perf_counter() - began:.1f} s")
    print(f"  posts by kind                  {dict(ledger.kinds)}")
    print(
        f"  Slack calls                    {dict(api.calls)}, {api.png_bytes / 1e6:.1f} MB of PNG"
    )
    print(f"  prompts sent / expected        {prompts} / {expected}")
    print(f"  duplicates (same key twice)    {len(duplicates)}")
    for key, conversation, count in duplicates[:20]:
        print(f"    {key} in {conversation} x{count}")
    print(f"  losses (prompts never posted)  {losses} (days short of {teams * 2}: {short_days})")
    print(f"  prompt rows not sent (nightly) {unsent}")
    print(
        f"  inbox: answers handled         {inbox.handled} (retries refused "
        f"{inbox.retries_refused}, handled twice {inbox.handled_twice})"
    )
    print(f"  purged in total                {dict(purged)}")
    marks = sorted(d for d in rss if d % 5 == 0 or d in (1, days))
    print("  RSS by day (MB)                " + ", ".join(f"d{d} {rss[d]:.1f}" for d in marks))
    print("  Python objects by day          " + ", ".join(f"d{d} {objects[d]}" for d in marks))
    growth, settled = rss[days] - rss_start, rss[days] - rss.get(1, rss_start)
    print(
        f"  RSS growth start -> end        {growth:+.1f} MB "
        f"(day 1 -> end {settled:+.1f} MB; spec: under 50 MB)"
    )
    if days > 10:
        late = (rss[days] - rss[10]) / (days - 10)
        print(f"  RSS slope day 10 -> end        {late:+.2f} MB/day")
    shown = sorted({d for d in sizes_by_day if d % 10 == 0} | {1, days})
    print("  table rows at day " + " / ".join(str(d) for d in shown))
    for name in WATCHED:
        counts = " / ".join(str(sizes_by_day[d].get(name, 0)) for d in shown)
        print(f"    {name:22s} {counts}")
    return {
        "prompts": prompts,
        "expected": expected,
        "duplicates": len(duplicates),
        "losses": losses,
        "unsent": unsent,
        "answered": answered,
        "inbox_handled_twice": inbox.handled_twice,
        "inbox_retries_refused": inbox.retries_refused,
        "purged": dict(purged),
        "sizes": sizes_by_day,
        "rss": rss,
    }
