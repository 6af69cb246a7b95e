"""A 50,000-line CSV through `huddlebot import readings`: the first import (every line new),
then the same file again (every line already there). Wall and CPU time per run.

    .venv/bin/python bench/readings_import_bench.py
    .venv/bin/python bench/readings_import_bench.py --lines 10000 --database-url postgresql://…
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.assembly import load_demo  # noqa: E402
from bot.db import Database  # noqa: E402
from huddlebot.commands import imports  # noqa: E402
from huddlebot.migrate import upgrade  # noqa: E402

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 7, 30, tzinfo=UTC)
MEASURES = [
    ("ward-7", "falls", "2"),
    ("ward-7", "staffing", "93"),
    ("ward-7", "pressure-ulcers", "0"),
    ("ed", "four-hour", "76"),
    ("ed", "handover", "31"),
    ("ed", "staffing", "23/25"),
    ("theatres", "late-starts", "1"),
    ("theatres", "utilisation", "84"),
]


def write(path: Path, lines: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["team", "measure", "date", "value", "numerator", "denominator", "source"])
        for i in range(lines):
            team, measure, value = MEASURES[i % len(MEASURES)]
            day = TODAY - timedelta(days=100 + i // len(MEASURES))
            top, _, bottom = value.partition("/")
            row = [
                team,
                measure,
                day.isoformat(),
                "" if bottom else value,
                top if bottom else "",
                bottom,
                "bench file",
            ]
            writer.writerow(row)


def timed(label: str, argv: list[str]) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    code = imports.main(argv)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert code == 0, code
    print(f"  {label:<28} wall {wall:6.1f} s   CPU {cpu:6.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    db = Database(url)
    upgrade(db)
    with db.session() as session:
        load_demo(session, TODAY, NOW)
    db.dispose()
    os.environ["HUDDLEBOT_DATABASE_URL"] = url
    path = folder / "readings.csv"
    write(path, args.lines)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"import readings, {backend}: {args.lines:,} lines")
    at = ["--now", "2027-03-01T08:00"]
    timed("first import (all new)", ["readings", str(path), *at])
    timed("again (all already there)", ["readings", str(path), *at])
    timed("dry run", ["readings", str(path), "--dry-run", *at])
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
