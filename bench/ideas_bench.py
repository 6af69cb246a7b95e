"""How the ideas commands hold up in a busy trust: posting, supporting, listing, showing and
exporting with thousands of ideas (SQLite file, the real core).

Run: .venv/bin/python bench/ideas_bench.py [--short]   (target: each command under 100 ms;
the export of every idea under 2 s)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.assembly import load_demo
from bot.events import Command, Origin, Sender
from bot.ideas.csv_rows import idea_rows, ideas_csv
from bot.ideas.store import Ideas
from huddlebot.bootstrap import build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock

NOW = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")
PEOPLE = ("Demo Nurse", "Demo Lead", "Demo Director", "Demo Chair", "Demo Improver")


def timed(action: Callable[[], object], times: int) -> list[float]:
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        taken.append((time.perf_counter() - start) * 1000)
    return taken


def report(name: str, taken: list[float]) -> None:
    taken = sorted(taken)
    p95 = taken[int(len(taken) * 0.95) - 1] if len(taken) > 1 else taken[0]
    print(f"{name:<28} median {statistics.median(taken):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="fewer ideas, for CI")
    count = 300 if parser.parse_args().short else 3000
    with tempfile.TemporaryDirectory() as tmp:
        runtime = build(Settings(database_url=f"sqlite:///{Path(tmp) / 'b.db'}"), FixedClock(NOW))
        with runtime.db.session() as s:
            load_demo(s, NOW.date(), NOW)
        n = iter(range(10**9))

        def say(who: str, text: str) -> object:
            at = NOW + timedelta(seconds=next(n))
            return runtime.bot.handle(Command(Sender("console", who, who), WARD, "idea", text, at))

        report(
            f"post ({count} ideas)", timed(lambda: say("Demo Nurse", "Red trays at night"), count)
        )
        numbers = iter(range(1, count + 1))
        report("support", timed(lambda: say(PEOPLE[1], f"support {next(numbers)}"), count // 3))
        report("list (first 30)", timed(lambda: say("Demo Nurse", "list"), 20))
        report("show", timed(lambda: say("Demo Nurse", f"show {count // 2}"), 50))
        report("mine", timed(lambda: say("Demo Nurse", "mine"), 20))
        start = time.perf_counter()
        with runtime.db.session() as s:
            size = len(ideas_csv(idea_rows(Ideas(s))))
        print(f"export {count + 3} ideas         {(time.perf_counter() - start) * 1000:7.1f} ms "
              f"({size:,} bytes)")  # fmt: skip
        runtime.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
