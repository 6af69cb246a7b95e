"""Teams fan-out (reliability.md §4.3 L2): 1,000 teams' huddle prompts due in the same minute in
one tenant, sent proactively by a real `huddlebot run --role all` process through the Teams
adapter (botbuilder's CloudAdapter) to a fake Bot Connector on loopback that enforces Teams'
limits: 50 requests a second per tenant and 7 a second per conversation, 429 with Retry-After
beyond them. Prints the time until the last prompt was posted against the 20 s the tenant
limit allows at best (target: 1.1x that), and counts duplicates and losses (both 0). Our budget
is set a little under the connector's limit (`--headroom`), as an operator would set it.

    .venv/bin/python bench/teams_fanout_bench.py                  # 1,000 teams, SQLite
    .venv/bin/python bench/teams_fanout_bench.py --teams 300 --budget 45
    .venv/bin/python bench/teams_fanout_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The teams come from a configuration file applied with `huddlebot config apply`; each channel's
conversation reference is stored as the install's conversationUpdate would store it. With a
PostgreSQL URL it creates a scratch database on that server and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from botbuilder.schema import Activity  # noqa: E402
from sqlalchemy import func, select, update  # noqa: E402

from adapters.teams.references import reference_json  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.stores.tables.core import Address  # noqa: E402
from bot.stores.tables.schedule import OutboxRow  # noqa: E402
from fakes import teams_activities as act  # noqa: E402
from fakes.drained_server import DrainedServer  # noqa: E402
from fakes.drills.fanout_kill import START, apply_config, had_been_running  # noqa: E402
from fakes.drills.teams_install import bot_added, channel, write_config  # noqa: E402
from fakes.scratch_db import scratch_database  # noqa: E402
from fakes.teams_connector import FakeConnector  # noqa: E402

HUDDLE = START.replace(second=0, tzinfo=UTC)  # 08:30:00 GMT
OPEN = ("pending", "sending", "retry")


def installed(url: str, service_url: str, teams: int) -> None:
    """Each team's channel reference, as storing the install's conversationUpdate leaves it."""
    db = Database(url)
    try:
        with db.session() as session:
            for n in range(teams):
                activity = Activity().deserialize(bot_added(service_url, n))
                session.execute(
                    update(Address)
                    .where(Address.platform == "teams", Address.conversation == channel(n))
                    .values(workspace=act.TENANT, reference=reference_json(activity))
                )
    finally:
        db.dispose()


def outcome(url: str) -> tuple[Counter[str], list[float], int, float]:
    """(statuses, seconds after 08:30:00 each prompt was sent, rows still open, seconds after
    08:30:00 the tick put the prompts in the outbox)."""
    db = Database(url)
    try:
        with db.session() as session:
            prompts = OutboxRow.kind == "huddle.prompt"
            states = Counter(session.scalars(select(OutboxRow.status).where(prompts)).all())
            sent = session.scalars(
                select(OutboxRow.sent_at).where(prompts, OutboxRow.sent_at.is_not(None))
            ).all()
            open_rows = session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.status.in_(OPEN))
            )
            queued = session.scalar(select(func.min(OutboxRow.created_at)).where(prompts))
    finally:
        db.dispose()
    times = sorted((t.replace(tzinfo=UTC) - HUDDLE).total_seconds() for t in sent)
    ticked = (queued.replace(tzinfo=UTC) - HUDDLE).total_seconds() if queued else float("nan")
    return states, times, int(open_rows or 0), ticked


def run(args: argparse.Namespace, workdir: Path) -> int:
    budget = args.budget or args.tenant_rate * args.headroom
    with (
        scratch_database(args.database_url, workdir) as url,
        FakeConnector(tenant_rate=args.tenant_rate, conversation_rate=7) as teams,
    ):
        env = {
            "HUDDLEBOT_DATABASE_URL": url,
            "HUDDLEBOT_INSECURE_DEV": "1",
            "HUDDLEBOT_TEAMS_BUDGET": str(budget),
        }
        apply_config(env, write_config(workdir / "teams.yaml", args.teams))
        installed(url, teams.url, args.teams)
        had_been_running(url)
        began = time.monotonic()
        with DrainedServer(env, ("--role", "all", "--now", START.isoformat())):
            while time.monotonic() - began < args.limit:
                time.sleep(0.5)
                states, _, open_rows, _ = outcome(url)
                if sum(states.values()) >= args.teams and not open_rows:
                    break
        states, times, _, ticked = outcome(url)
        posted = Counter(call.conversation for call in teams.sent())
        requests, limited = teams.requests, teams.limited
    duplicates = sum(n - 1 for n in posted.values() if n > 1)
    losses = sum(1 for n in range(args.teams) if posted[channel(n)] == 0)
    floor = args.teams / args.tenant_rate
    last = times[-1] if times else float("nan")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine                  {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"load average (1/5/15)    {load}")
    print(f"database                 {url.split(':')[0]}")
    print(
        f"teams due at 08:30       {args.teams} in one tenant (connector: {args.tenant_rate:g}/s "
        f"per tenant, 7/s per conversation; our budget {budget:g}/s)"
    )
    print(f"prompts queued (tick)    {ticked:.1f} s after 08:30:00 (the process had just started)")
    print(f"last prompt posted       {last:.1f} s after 08:30:00 (target L2: 60 s)")
    print(f"  from the tick          {last - ticked:.1f} s")
    print(f"tenant limit allows      {floor:.1f} s  (ratio {(last - ticked) / floor:.2f})")
    print(f"  our budget allows      {args.teams / budget:.1f} s")
    if times:
        half, most = times[len(times) // 2], times[int(len(times) * 0.9)]
        print(f"first prompt posted      {times[0] - ticked:.1f} s after the tick")
        print(f"half / 90% posted        {half:.1f} s / {most:.1f} s")
        if os.environ.get("BENCH_TIMELINE"):
            print("posted by second", Counter(int(t - ticked) for t in times))
    print(f"connector requests       {requests} ({limited} answered 429)")
    print(f"outbox states            {dict(states)}")
    print(f"duplicates               {duplicates}")
    print(f"losses                   {losses}")
    return 0 if duplicates == 0 and losses == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--tenant-rate", type=float, default=50.0, help="Teams' requests/s")
    parser.add_argument(
        "--budget", type=float, default=0.0, help="HUDDLEBOT_TEAMS_BUDGET (default: see headroom)"
    )
    parser.add_argument(
        "--headroom",
        type=float,
        default=0.95,
        help="our budget / Teams' rate, as an operator would set it (Huddlebot's default is 40/s)",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--limit", type=float, default=300.0, help="give up after this many s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
