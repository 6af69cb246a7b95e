"""Board pack benchmark: prints figures, asserts nothing.

  board pack of one division    40 teams × 5 measures, 90 days each    target: under 30 s
                                (`huddlebot report`, two render workers, whole command)

Run: .venv/bin/python bench/report_bench.py [--teams 40] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import apply_config, parse_config  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.stores.tables.core import Measure, Reading  # noqa: E402
from huddlebot.migrate import upgrade  # noqa: E402

AS_OF = date(2027, 3, 1)
MEASURES = (
    {"key": "falls", "name": "Falls", "kind": "count", "direction": "down"},
    {"key": "staffing", "name": "Staffing fill rate", "kind": "percent", "direction": "up",
     "target": 95},
    {"key": "handover", "name": "Ambulance handover", "kind": "minutes", "direction": "down",
     "target": 30},
    {"key": "ulcers", "name": "Pressure ulcers", "kind": "count", "direction": "down"},
    {"key": "discharges", "name": "Discharges before noon", "kind": "percent", "direction": "up",
     "target": 40},
)  # fmt: skip
LEVELS = {"falls": 1.2, "staffing": 93, "handover": 32, "ulcers": 0.3, "discharges": 35}


def division_config(teams: int) -> dict:
    """One division of `teams` ward teams, each with the five measures."""
    return {
        "trust": {"name": "Bench NHS Trust"},
        "divisions": [
            {
                "key": "medicine",
                "name": "Medicine",
                "teams": [
                    {"key": f"ward-{i}", "name": f"Ward {i}", "measures": list(MEASURES)}
                    for i in range(1, teams + 1)
                ],
            }
        ],
    }


def value(key: str, day: int, step: float, rng: random.Random) -> float:
    level = LEVELS[key] * (step if day > 60 else 1.0)
    if key in ("falls", "ulcers"):
        return float(sum(rng.random() < level / 4 for _ in range(4)))
    spread = level * 0.05
    return round(min(100.0, max(0.0, rng.gauss(level, spread))), 1)


def load(db: Database, teams: int) -> None:
    now = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
    rng = random.Random(16)
    with db.session() as session:
        apply_config(session, parse_config(division_config(teams)), now)
        rows = []
        for measure in session.query(Measure):
            step = rng.choice((1.0, 1.0, 0.8, 1.2))  # some measures shift for the last month
            for day in range(90):
                rows.append(
                    Reading(
                        measure_id=measure.id,
                        day=AS_OF - timedelta(days=90 - day),
                        value=value(measure.key, day, step, rng),
                        recorded_at=now,
                        source="import",
                    )
                )
        session.add_all(rows)


def _cpu() -> tuple[float, float]:
    """CPU seconds used by this process, and by its finished children (the render workers)."""
    import resource

    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.db"
        db = Database(url)
        upgrade(db)
        load(db, args.teams)
        db.dispose()
        os.environ["HUDDLEBOT_DATABASE_URL"] = url
        from huddlebot.commands import report

        start, used = time.perf_counter(), _cpu()
        code = report.main(["--as-of", AS_OF.isoformat(), "--division", "medicine",
                            "--out", f"{scratch}/out", "--workers", "2"])  # fmt: skip
        took = time.perf_counter() - start
        main_cpu, workers_cpu = (now - then for now, then in zip(_cpu(), used, strict=True))
        page = Path(scratch, "out", f"board-pack-medicine-{AS_OF.isoformat()}.html")
        size = page.stat().st_size if page.exists() else 0
    print(f"board pack: {args.teams} teams × {len(MEASURES)} measures, 90 days each")
    busy = os.getloadavg()[0]
    print(f"  exit {code}, {took:.1f} s (target: under 30 s), HTML {size / 1e6:.1f} MB")
    print(f"  CPU: {main_cpu:.1f} s analysing and writing, {workers_cpu:.1f} s in the two render "
          f"workers: on two idle cores about {max(main_cpu, (main_cpu + workers_cpu) / 2):.1f} s")
    print(f"  machine load average {busy:.1f} on {os.cpu_count()} cores while it ran")


if __name__ == "__main__":
    main()
