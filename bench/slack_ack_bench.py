"""Slack acknowledgement under load: signed slash commands and modal submissions at 50 per second
for 60 s, then a burst of 200 in one second, against the real HTTP endpoint (a child process
serving the Bolt app, as `huddlebot run` does), on SQLite and PostgreSQL.

Prints p50/p99/max acknowledgement latency, and records lost or duplicated: every request
carries a unique idea text, so each must become exactly one stored idea.

    .venv/bin/python bench/slack_ack_bench.py                 # both databases, 60 s each
    .venv/bin/python bench/slack_ack_bench.py --seconds 5 --db sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.slack_requests import signed, slash_command, view_submission  # noqa: E402

SECRET = "bench-signing-secret-0123456789abcdef"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHANNEL, USER = "C0BENCH", "U0NURSE"
MARK = "Bench idea"


# ---- the server (child process)
def serve(database_url: str, api_url: str) -> None:
    """Run the Slack endpoint until stdin closes; print its port."""
    from aiohttp import web

    from adapters.slack.app import build_slack_app, slack_routes
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings

    settings = Settings(database_url=database_url, slack_bot_token="xoxb-bench",
                        slack_signing_secret=SECRET, slack_api_url=api_url)
    runtime = build(settings, migrate=False)

    async def main() -> None:
        app = build_slack_app(runtime, settings)
        web_app = web.Application()
        web_app.add_routes(slack_routes(runtime, settings, app=app))
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)  # type: ignore[union-attr]
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await runner.cleanup()

    asyncio.run(main())


# ---- the database
def prepare(kind: str, pg_url: str) -> tuple[str, Any]:
    """A fresh, migrated database with the demo trust, its channel linked to ward 7."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from bot.db import Database
    from bot.demo import load_demo
    from huddlebot.migrate import upgrade

    cleanup: Any = None
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='slack-bench-')}/bench.db"
    else:
        name = f"hb_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(pg_url).set(database=name).render_as_string(False)

        def cleanup() -> None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    db = Database(url)
    upgrade(db)
    now = datetime.now(UTC)
    with db.session() as session:
        load_demo(session, now.date(), now)
    db.dispose()
    return url, cleanup


def count_ideas(url: str) -> dict[str, int]:
    from sqlalchemy import text

    from bot.db import Database

    db = Database(url)
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("select text, count(*) from ideas where text like :m group by text"),
                {"m": f"{MARK}%"},
            ).all()
    finally:
        db.dispose()
    return {row[0]: row[1] for row in rows}


# ---- the load
async def capture_form(session: Any, endpoint: str, slack: FakeSlack) -> dict[str, Any]:
    """`/idea` alone opens the idea form: the modal the bench then submits, as Slack would."""
    body = slash_command("/idea", "", user=USER, channel=CHANNEL,
                         response_url=slack.response_url(), trigger_id=slack.trigger())
    async with session.post(endpoint, data=body, headers=signed(body, SECRET)) as answer:
        assert answer.status == 200, answer.status
    for _ in range(500):
        opened = slack.calls_to("views.open")
        if opened:
            return opened[-1].params["view"]
        await asyncio.sleep(0.01)
    raise SystemExit("the idea form never opened: is the ideas capability wired?")


async def one(session: Any, endpoint: str, body: str, latencies: list[float],
              answers: list[tuple[int, str]]) -> None:
    started = time.perf_counter()
    async with session.post(endpoint, data=body, headers=signed(body, SECRET)) as answer:
        text = await answer.text()
    latencies.append((time.perf_counter() - started) * 1000)
    answers.append((answer.status, text))


def requests(view: dict[str, Any], slack: FakeSlack, prefix: str, count: int,
             reply_urls: list[str]) -> list[str]:
    """Alternate slash commands and modal submissions, each with a unique idea text."""
    bodies = []
    for i in range(count):
        text = f"{MARK} {prefix}{i:06d}"
        if i % 2:
            bodies.append(view_submission(view, {"what": text}, user=USER))
        else:
            reply_urls.append(slack.response_url())
            bodies.append(slash_command("/idea", text, user=USER, channel=CHANNEL,
                                        response_url=reply_urls[-1]))
    return bodies


def apologies(slack: FakeSlack, reply_urls: list[str], answers: list[tuple[int, str]]) -> int:
    """Requests the person was told had failed (a reply starting "Sorry")."""
    told = sum(1 for url in reply_urls for r in slack.responses_to(url)
               if r.get("text", "").startswith("Sorry"))
    return told + sum(1 for _, body in answers if "Sorry" in body)


async def paced(session: Any, endpoint: str, bodies: list[str], per_second: float,
                latencies: list[float], answers: list[tuple[int, str]]) -> None:
    start, tasks = time.perf_counter(), []
    for i, body in enumerate(bodies):
        delay = start + i / per_second - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(session, endpoint, body, latencies, answers)))
    await asyncio.gather(*tasks)


async def load(port: int, slack: FakeSlack, args: argparse.Namespace) -> dict[str, Any]:
    import aiohttp

    endpoint = f"http://127.0.0.1:{port}/slack/events"
    connector = aiohttp.TCPConnector(limit=0)
    phases: dict[str, Any] = {}
    async with aiohttp.ClientSession(connector=connector) as session:
        view = await capture_form(session, endpoint, slack)
        for phase, count, rate in (("steady", args.seconds * args.rate, args.rate),
                                   ("burst", args.burst, args.burst)):
            latencies: list[float] = []
            answers: list[tuple[int, str]] = []
            urls: list[str] = []
            bodies = requests(view, slack, phase[0], count, urls)
            await paced(session, endpoint, bodies, rate, latencies, answers)
            phases[phase] = (latencies, answers, urls)
    return phases


def figures(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"p50 {statistics.median(ordered):6.1f} ms  p99 {p99:6.1f} ms  "
            f"max {ordered[-1]:6.1f} ms  (n={len(ordered)})")


def run(kind: str, args: argparse.Namespace) -> None:
    url, cleanup = prepare(kind, args.pg_url)
    with FakeSlack(members={CHANNEL}, per_channel_per_second=None) as slack:
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", url, slack.url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            line = child.stdout.readline() if child.stdout else ""
            if not line.startswith("READY"):
                raise SystemExit(f"server did not start: {line!r}")
            results = asyncio.run(load(int(line.split()[1]), slack, args))
            time.sleep(args.settle)  # replies and stores finish after the acks
            told = sum(apologies(slack, urls, answers) for _, answers, urls in results.values())
        finally:
            if child.stdin:
                child.stdin.close()
            child.wait(30)
    stored = count_ideas(url)
    sent = args.seconds * args.rate + args.burst
    print(f"\n{kind}: {args.seconds} s at {args.rate}/s, then {args.burst} in one second")
    for phase, (latencies, answers, _) in results.items():
        bad = sum(1 for status, _ in answers if status != 200)
        print(f"  {phase:6}  {figures(latencies)}  non-200: {bad}")
    lost = sent - len(stored)
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    print(f"  records: sent {sent}, stored {len(stored)}, not stored {lost} "
          f"(of which the person was told {told}), duplicated {duplicated}")
    if cleanup:
        cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=int, default=50, help="requests per second")
    parser.add_argument("--burst", type=int, default=200, help="requests in the final second")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or PG_URL)
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to let work finish")
    parser.add_argument("--serve", nargs=2, metavar=("DATABASE_URL", "API_URL"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(kind, args)


if __name__ == "__main__":
    main()
