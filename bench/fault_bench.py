"""Faults at scale, on loopback: the scheduler process SIGKILLed in the middle of a 500-team
08:30 fan-out and restarted (past the killed worker's 60 s lease), a Slack outage (503s,
then 429s with Retry-After) during a fan-out, and the web process SIGKILLed while signed Slack
commands arrive at 90 per second (the inbound path). Prints delivery times, duplicates and
losses.

    .venv/bin/python bench/fault_bench.py                 # 500 teams, SQLite
    .venv/bin/python bench/fault_bench.py --short         # 100 teams
    .venv/bin/python bench/fault_bench.py --inbound-only  # just the inbound kill, 90/s
    .venv/bin/python bench/fault_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With a PostgreSQL URL it creates a scratch database on that server and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from fakes.drained_server import DrainedServer  # noqa: E402
from fakes.drills.fanout_kill import (  # noqa: E402
    START,
    apply_config,
    channel,
    had_been_running,
    kill_and_restart,
    outbox,
    wait_until,
    write_config,
)
from fakes.drills.inbound_kill import kill_and_restart_inbound  # noqa: E402
from fakes.scratch_db import scratch_database as scratch  # noqa: E402
from fakes.slack_api import FakeSlack  # noqa: E402


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


def inbound_bench(database_url: str, workdir: Path, rate: float, seconds: float) -> None:
    with scratch(database_url, workdir) as url:
        r = kill_and_restart_inbound(
            url, workdir, rate=rate, before_kill=seconds, after_restart=seconds, settle=120
        )
    print(f"inbound kill/restart: signed /idea at {r.rate:.0f}/s, SIGKILL after {seconds:.0f} s")
    print(f"  requests sent (10% replayed too)  {r.sent}")
    print(f"  acknowledged (200)                {r.acked} ({r.acked_before_kill} before the kill)")
    print(f"  refused while down (no answer)    {r.refused}")
    print(f"  5xx answers                       {r.server_errors}")
    print(f"  ack p99                           {r.ack_p99 * 1000:.0f} ms")
    print(f"  left unfinished by the killed one {r.taken_up} (taken up after the restart)")
    print(f"  stored exactly once               {r.stored}")
    print(f"  told NOT saved                    {r.told_not_saved}")
    print(f"  lost (acked, not stored, not told) {len(r.lost)}")
    print(f"  stored twice or more              {len(r.duplicated)}")
    print(f"  stored but never announced        {len(r.unannounced)}")
    print(f"  all settled after the restart     {r.seconds_to_settle:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="100 teams, a short outage")
    parser.add_argument("--teams", type=int)
    parser.add_argument("--budget", type=float, default=100.0, help="Slack posts/s per workspace")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--rate", type=float, default=90.0, help="inbound requests per second")
    parser.add_argument("--inbound-only", action="store_true", help="only the inbound kill")
    args = parser.parse_args()
    teams = args.teams or (100 if args.short else 500)
    print(
        f"machine: {os.cpu_count()} cores; database: "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        if not args.inbound_only:
            kill_bench(args.database_url, Path(tmp), teams, args.budget)
            outage = 10.0 if args.short else 30.0
            slack_outage_bench(args.database_url, Path(tmp), teams // 2, outage)
        inbound_bench(args.database_url, Path(tmp), args.rate, 3.0 if args.short else 5.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
