"""Faults at scale, on loopback: the scheduler process SIGKILLed in the middle of a 500-team
08:30 fan-out and restarted (past the killed worker's 60 s lease), and a Slack outage (503s,
then 429s with Retry-After) during a fan-out. Prints delivery times, duplicates and losses.

    .venv/bin/python bench/fault_bench.py                 # 500 teams, SQLite
    .venv/bin/python bench/fault_bench.py --short         # 100 teams
    .venv/bin/python bench/fault_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With a PostgreSQL URL it creates a scratch database on that server and drops it afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.db import Database, normalise_url  # noqa: E402
from huddlebot.migrate import upgrade  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.ops.drained_server import DrainedServer  # noqa: E402
from tests.ops.fanout_kill import (  # noqa: E402
    START,
    apply_config,
    channel,
    had_been_running,
    kill_and_restart,
    outbox,
    wait_until,
    write_config,
)


@contextlib.contextmanager
def scratch(database_url: str, workdir: Path) -> Iterator[str]:
    """A new, migrated database: a SQLite file in `workdir`, or one on the given server."""
    if not database_url:
        url = f"sqlite:///{workdir / f'{uuid.uuid4().hex[:8]}.db'}"
    else:
        name = f"hb_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(normalise_url(database_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(normalise_url(database_url)).set(database=name).render_as_string(False)
    db = Database(url)
    upgrade(db)
    db.dispose()
    try:
        yield url
    finally:
        if database_url:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def kill_bench(database_url: str, workdir: Path, teams: int, budget: float) -> None:
    with scratch(database_url, workdir) as url:
        r = kill_and_restart(
            url, workdir, teams=teams, kill_after=teams // 3, budget=budget, timeout=600
        )
    print(f"kill/restart: {r.teams} teams, Slack budget {budget:.0f}/s, 50 ms per post")
    print(f"  prompts on Slack when SIGKILLed   {r.posted_before_kill}")
    print(f"  outbox rows in flight at the kill {r.in_flight_at_kill}")
    print(f"  all sent after (incl. restart)    {r.seconds_to_all_sent:.1f} s")
    print(f"  outbox statuses                   {r.statuses}")
    print(f"  sent rows per prompt key          {dict(r.sent_rows_per_key)}")
    print(f"  channels with no prompt (lost)    {len(r.missing)}")
    print(f"  channels with 2+ prompts (dup.)   {len(r.duplicated)}")


def slack_outage_bench(database_url: str, workdir: Path, teams: int, outage: float) -> None:
    members = {channel(n) for n in range(teams)} - {channel(0)}
    with scratch(database_url, workdir) as url, FakeSlack(members=members) as slack:
        env = {
            "HUDDLEBOT_DATABASE_URL": url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": "bench-signing",
            "SLACK_API_URL": slack.url,
            "HUDDLEBOT_SLACK_BUDGET": "50",
        }
        apply_config(env, write_config(workdir / f"outage-{teams}.yaml", teams))
        had_been_running(url)
        slack.fail("chat.postMessage", status=503, seconds=outage * 0.6 + 5)
        slack.fail("chat.postMessage", status=429, retry_after=2, seconds=outage + 5)
        began = time.monotonic()
        with DrainedServer(env, ("--role", "all", "--now", START.isoformat())):

            def settled() -> bool:
                rows = outbox(url)
                return len(rows) == teams and all(s in ("sent", "dead") for _, s in rows)

            wait_until(settled, 600, every=0.5)
            took = time.monotonic() - began
        per_channel = Counter(m.get("channel", "") for m in slack.posted())
        statuses = Counter(s for _, s in outbox(url))
        calls = len(slack.calls_to("chat.postMessage"))
    dup = sum(1 for c in members if per_channel[c] > 1)
    lost = sum(1 for c in members if per_channel[c] == 0)
    print(f"Slack outage: {teams} teams, 503 for {outage * 0.6:.0f} s then 429 to {outage:.0f} s")
    print(f"  settled after                     {took:.1f} s ({calls} chat.postMessage calls)")
    print(f"  outbox statuses                   {dict(statuses)} (1 channel never joined)")
    print(f"  duplicates / losses               {dup} / {lost}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="100 teams, a short outage")
    parser.add_argument("--teams", type=int)
    parser.add_argument("--budget", type=float, default=100.0, help="Slack posts/s per workspace")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    teams = args.teams or (100 if args.short else 500)
    print(
        f"machine: {os.cpu_count()} cores; database: "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        kill_bench(args.database_url, Path(tmp), teams, args.budget)
        slack_outage_bench(args.database_url, Path(tmp), teams // 2, 10.0 if args.short else 30.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
