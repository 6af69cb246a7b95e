"""How long the console's `:advance` takes over simulated days (the README says a day passes in
a few seconds): `make run`'s console on a fresh demo database, fed `:advance 7d`, timed as a whole
command and for the advance alone (the time of a start-up-only run subtracted).

    .venv/bin/python bench/console_bench.py [--days 7]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(typed: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))}
        env["HUDDLEBOT_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'huddlebot.db'}"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "huddlebot.cli", "run", "--now", "2027-03-01T08:29"],
            input=typed,
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
            check=True,
        )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    start_only = _run(":quit\n")
    whole = _run(f":advance {args.days}d\n:quit\n")
    print(f"console start-up (demo load) {start_only:.1f} s")
    print(f":advance {args.days}d as a whole command {whole:.1f} s")
    print(f":advance {args.days}d alone {whole - start_only:.1f} s (target < 10 s for a week)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
