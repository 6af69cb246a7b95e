"""The huddle on a phone between patients must feel instant: time the core's answer to a
plain-text reply, a form opening, the board (with SPC on 90 days of each measure) and the
scheduled prompt, on the demo trust, on SQLite (or a PostgreSQL URL you pass).

    .venv/bin/python bench/huddle_bench.py
    .venv/bin/python bench/huddle_bench.py --rounds 200 --database-url postgresql://…/scratch
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bot.assembly import load_demo  # noqa: E402
from bot.events import Command, Origin, Said, Sender  # noqa: E402
from bot.schedule import Due  # noqa: E402
from bot.stores.tables.core import Team  # noqa: E402
from huddlebot.bootstrap import build  # noqa: E402
from huddlebot.settings import Settings  # noqa: E402
from scheduler.clock import FixedClock  # noqa: E402

TODAY = date(2027, 3, 2)
NOW = datetime(2027, 3, 2, 8, 40, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")
NURSE = Sender("console", "Demo Nurse", "Demo Nurse")


def timed(label: str, rounds: int, work: Callable[[int], object]) -> None:
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        work(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{label:<34} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.db"
        runtime = build(Settings(database_url=url), clock=FixedClock(NOW))
        with runtime.db.session() as s:
            load_demo(s, TODAY, NOW)
        bot = runtime.bot

        def at(i: int) -> datetime:
            return NOW + timedelta(seconds=i)

        timed(
            "plain-text answer (3 values)",
            args.rounds,
            lambda i: bot.handle(
                Said(NURSE, WARD, f"falls {i % 3}, staffing {90 + i % 10}%, mood 4", at(i))
            ),
        )
        timed(
            "/huddle (open the form)",
            args.rounds,
            lambda i: bot.handle(Command(NURSE, WARD, "huddle", "", at(i))),
        )
        timed(
            "/huddle board (SPC on 90 days)",
            args.rounds,
            lambda i: bot.handle(Command(NURSE, WARD, "huddle", "board", at(i))),
        )
        with runtime.db.session() as s:
            ward = s.scalar(select(Team.id).where(Team.key == "ward-7"))
        due = Due("huddle.prompt", ward, "ward-7", TODAY, "08:30", NOW)
        timed("scheduled prompt (compose)", args.rounds, lambda i: bot.compose(due))
        runtime.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
