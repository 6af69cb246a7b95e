"""Soak: a simulated 30 days on an accelerated clock for 800 teams with two huddles a day (08:00
and 20:00 London time, across the March clock change), their reminders, weekly chart digests
drawn with matplotlib in this process, and staff answering in the prompts' threads through the
Events API inbox (with Slack's retries), with the nightly retention purge on. Drives the real
core, tick, outbox, deliverer (`scheduler.service.step`) and Slack adapter against a stand-in
for the Slack Web API. Prints prompts sent / expected, duplicates and losses (both must be 0),
process memory (RSS, and the number of Python objects the collector tracks) every 5 days, and
table sizes every 10 days. `bench/soak_profile.py` runs it under tracemalloc to find a leak.

    .venv/bin/python bench/soak_bench.py             # 800 teams, 30 days, SQLite
    .venv/bin/python bench/soak_bench.py --short     # 40 teams, 5 days (CI)
    .venv/bin/python bench/soak_bench.py --database-url postgresql+psycopg://…/soak

Duplicates are counted in a ledger kept per day and dropped once the day is checked, so the
benchmark's own bookkeeping does not grow with the number of posts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fakes.drills.soak import soak  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="40 teams, 5 days")
    parser.add_argument("--teams", type=int)
    parser.add_argument("--days", type=int)
    parser.add_argument("--answering", type=float, default=0.3, help="share of huddles answered")
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    args = parser.parse_args()
    teams = args.teams or (40 if args.short else 800)
    days = args.days or (5 if args.short else 30)
    backend = args.database_url.split(":")[0].split("+")[0] if args.database_url else "sqlite"
    print(f"machine: {os.cpu_count()} cores; {backend}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'soak.db'}"
        asyncio.run(soak(teams, days, args.answering, url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
