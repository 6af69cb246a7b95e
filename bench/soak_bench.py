"""Soak: a simulated 30 days on an accelerated clock for 800 teams with two huddles a day (08:00
and 20:00), their reminders, weekly chart digests and staff answering, with the daily retention
purge on. Drives the real core, tick, outbox and deliverer (`scheduler.service.step`) against
an in-memory chat platform that counts every post. Prints process memory (RSS) growth, table
sizes, and duplicates and losses (both must be 0).

    .venv/bin/python bench/soak_bench.py             # 800 teams, 30 days
    .venv/bin/python bench/soak_bench.py --short     # 40 teams, 5 days (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, inspect, select, text  # noqa: E402

from bot.config import apply_config, parse_config  # noqa: E402
from bot.events import Command, Origin, Sender  # noqa: E402
from bot.messages import Edit, Post, Posted  # noqa: E402
from bot.retention import purge  # noqa: E402
from bot.stores.tables.schedule import OutboxRow  # noqa: E402
from huddlebot.bootstrap import build  # noqa: E402
from huddlebot.settings import Settings  # noqa: E402
from scheduler.clock import FixedClock  # noqa: E402
from scheduler.policy import DeliveryPolicy  # noqa: E402
from scheduler.service import step  # noqa: E402

START = datetime(2027, 3, 1, 0, 0, tzinfo=UTC)  # a Monday; London is on GMT all of March
STEP = timedelta(minutes=10)
FAST = DeliveryPolicy(
    channel_interval={"slack": 0.0, "teams": 0.0, "console": 0.0},
    workspace_rate={"slack": 1e9, "teams": 1e9, "console": 1e9},
)


@dataclass
class CountingSlack:
    """Stands in for Slack: accepts every post and counts it by its key."""

    name: str = "slack"
    # (key, conversation, day): a weekly digest reuses its key from one week to the next
    by_key: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    clock: Any = None
    kinds: Counter[str] = field(default_factory=Counter)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    async def send(self, post: Post) -> Posted:
        if post.key:
            day = self.clock.now().date().isoformat() if self.clock else ""
            self.by_key[(post.key, post.to.conversation, day)] += 1
        self.kinds[type(post.message).__name__] += 1
        return Posted("slack", post.to.conversation, f"{next(self._ids)}.000100")

    async def edit(self, edit: Edit) -> Posted:
        self.kinds["edit"] += 1
        return edit.posted


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def config(teams: int) -> dict[str, Any]:
    return {
        "trust": {"name": "Soak Trust", "timezone": "Europe/London"},
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


def table_sizes(runtime: Any) -> dict[str, int]:
    with runtime.db.engine.connect() as conn:
        names = inspect(runtime.db.engine).get_table_names()
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def answer(runtime: Any, n: int, at: datetime, rng: random.Random) -> None:
    """Nurse n answers their team's huddle in its channel."""
    sender = Sender("slack", f"U{n:05d}", f"Nurse {n}")
    origin = Origin("slack", "T0SOAK", f"C{n:05d}")
    runtime.bot.handle(Command(sender, origin, "huddle", f"falls {rng.randint(0, 3)}", at))


async def soak(teams: int, days: int, answering: float, workdir: Path) -> dict[str, Any]:
    """Run the soak; print the figures and return the ones a test checks."""
    settings = Settings(
        database_url=f"sqlite:///{workdir / 'soak.db'}",
        slack_bot_token="xoxb-soak",
        slack_signing_secret="soak",
    )
    runtime = build(settings, clock=FixedClock(START))
    slack = CountingSlack(clock=runtime.clock)
    runtime.platforms["slack"] = slack
    with runtime.db.session() as session:
        apply_config(session, parse_config(config(teams)), START)
    rng = random.Random(11)
    began, rss_start = time.perf_counter(), rss_mb()
    rss: list[float] = []
    now, answered = START, 0
    days_answered: set[tuple[int, str]] = set()  # a second answer on a day corrects the first
    await step(runtime, now, FAST)  # sets the scheduler's mark
    while now < START + timedelta(days=days):
        now += STEP
        runtime.clock.set(now)
        await step(runtime, now, FAST)
        local = now  # GMT
        if local.minute == 10 and local.hour in (8, 20):  # ten minutes after each huddle
            for n in range(teams):
                if rng.random() < answering:
                    answer(runtime, n, now, rng)
                    answered += 1
                    days_answered.add((n, now.date().isoformat()))
        if local.hour == 3 and local.minute == 0:  # the daily purge
            with runtime.db.session() as session:
                purge(session, now)
            rss.append(rss_mb())
            day = (now - START).days
            if day in (1, 7, 14, 21, 28) or day == days - 1:
                print(
                    f"  day {day:2d}: RSS {rss[-1]:6.1f} MB, {time.perf_counter() - began:6.1f} s"
                )
    with runtime.db.session() as session:
        statuses = dict(
            session.execute(
                select(OutboxRow.status, func.count())
                .where(OutboxRow.kind == "huddle.prompt")
                .group_by(OutboxRow.status)
            ).all()
        )
    prompts = {k[:2] for k in slack.by_key if k[0].startswith("huddle.prompt")}
    expected = teams * 2 * days
    duplicates = sum(1 for count in slack.by_key.values() if count > 1)
    print(f"soak: {teams} teams, {days} days, two huddles a day, {answering:.0%} answering")
    print(f"  wall time                      {time.perf_counter() - began:.1f} s")
    print(f"  answers recorded               {answered}")
    print(f"  posts by kind                  {dict(slack.kinds)}")
    print(f"  prompt keys posted / expected  {len(prompts)} / {expected} (outbox kept: {statuses})")
    print(f"  duplicates (same key twice)    {duplicates}")
    for key, count in sorted(slack.by_key.items())[:20]:
        if count > 1:
            print(f"    {key} x{count}")
    print(f"  losses (prompts never posted)  {max(0, expected - len(prompts))}")
    growth = (rss[-1] - rss[0]) if len(rss) > 1 else 0.0
    print(f"  RSS start / after day 1 / end  {rss_start:.1f} / {rss[0]:.1f} / {rss[-1]:.1f} MB")
    print(f"  RSS growth day 1 -> end        {growth:+.1f} MB")
    sizes = table_sizes(runtime)
    big = sorted(sizes.items(), key=lambda kv: -kv[1])[:8]
    print("  largest tables (purge on)      " + ", ".join(f"{k} {v}" for k, v in big))
    db_file = workdir / "soak.db"
    print(f"  database file                  {db_file.stat().st_size / 1e6:.1f} MB")
    runtime.db.dispose()
    return {
        "prompts": len(prompts),
        "expected": expected,
        "duplicates": duplicates,
        "answered": answered,
        "days_answered": len(days_answered),
        "statuses": statuses,
        "readings": sizes.get("readings", 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="40 teams, 5 days")
    parser.add_argument("--teams", type=int)
    parser.add_argument("--days", type=int)
    parser.add_argument("--answering", type=float, default=0.3, help="share of huddles answered")
    args = parser.parse_args()
    teams = args.teams or (40 if args.short else 800)
    days = args.days or (5 if args.short else 30)
    print(f"machine: {os.cpu_count()} cores; SQLite")
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(soak(teams, days, args.answering, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
