"""Slack acknowledgement under load: signed slash commands, modal submissions and Events API
messages at 50 per second for 60 s, then a burst of 200 in one second, against the real HTTP
endpoint, on SQLite and PostgreSQL. Every event is delivered 2 to 4 times (as Slack retries),
the copies spread through the load. Three processes, so none measures itself: the server (the
Bolt app on aiohttp, as `huddlebot run` serves it), the load driver, and this one holding the
fake Slack Web API.

Prints p50/p99/max acknowledgement latency (commands and submissions apart), and records lost
or duplicated: every request carries a unique idea text, so each must become exactly one idea
(an event however often it was delivered).

    .venv/bin/python bench/slack_ack_bench.py                 # both databases, 60 s each
    .venv/bin/python bench/slack_ack_bench.py --seconds 5 --db sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fakes.slack_api import FakeSlack  # noqa: E402
from fakes.slack_requests import (  # noqa: E402
    event_callback,
    message,
    signed,
    slash_command,
    view_submission,
)

SECRET = "bench-signing-secret-0123456789abcdef"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHANNEL, USER = "C0BENCH", "U0NURSE"
CHANNELS = [f"C0BENCH{n:02d}" for n in range(25)]  # a conversation's turns run one at a time
MARK = "Bench idea"


# ---- process 1: the server
def serve(database_url: str, api_url: str, workers: int) -> None:
    """Serve the Slack endpoint until stdin closes, then finish the acknowledged work."""
    from aiohttp import web

    from adapters.slack.app import build_slack_app, finish_work, slack_routes
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings

    settings = Settings(
        database_url=database_url,
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=api_url,
    )
    runtime = build(settings, migrate=False)
    core = None
    if workers:
        from huddlebot.core_pool import ProcessCore

        core = ProcessCore(settings, workers)
        core.warm()

    async def main() -> None:
        app = build_slack_app(runtime.host(), settings, core=core)
        web_app = web.Application()
        web_app.add_routes(slack_routes(None, settings, app=app))
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)  # type: ignore[union-attr]
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        started = time.perf_counter()
        finished = await finish_work(app, timeout=300)
        took, cpu = time.perf_counter() - started, time.process_time()
        print(f"DRAINED {finished} {took:.1f} {cpu:.1f}", flush=True)
        await runner.cleanup()

    asyncio.run(main())


# ---- process 2: the load driver
async def drive(plan: dict[str, Any]) -> dict[str, Any]:
    """Send each phase's bodies at its rate, signing each as it goes; time every ack."""
    import aiohttp

    endpoint = f"http://127.0.0.1:{plan['port']}/slack/events"
    results: dict[str, Any] = {}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(body: str, into: list) -> None:
            started = time.perf_counter()
            async with session.post(endpoint, data=body, headers=signed(body, SECRET)) as answer:
                text = await answer.text()
            into.append(
                (
                    (time.perf_counter() - started) * 1000,
                    answer.status,
                    text,
                    kind_of(body),
                )
            )

        for phase in plan["phases"]:
            done: list = []
            start, tasks = time.perf_counter(), []
            for i, body in enumerate(phase["bodies"]):
                delay = start + i / phase["rate"] - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.ensure_future(one(body, done)))
            await asyncio.gather(*tasks)
            results[phase["name"]] = done
    return results


# ---- process 3 (this one): databases, the fake Slack, the figures
def prepare(kind: str, pg_url: str) -> tuple[str, Any]:
    """A fresh, migrated database with the demo trust, and what drops it."""
    from datetime import UTC, datetime

    from bot.assembly import load_demo
    from bot.db import Database
    from fakes.scratch_db import scratch_database

    stack = contextlib.ExitStack()
    url = stack.enter_context(scratch_database("" if kind == "sqlite" else pg_url))
    cleanup = stack.close
    db = Database(url)
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


def capture_form(port: int, slack: FakeSlack) -> dict[str, Any]:
    """`/idea` alone opens the idea form: the modal the driver then submits, as Slack would."""
    import urllib.request

    body = slash_command(
        "/idea",
        "",
        user=USER,
        channel=CHANNEL,
        response_url=slack.response_url(),
        trigger_id=slack.trigger(),
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", body.encode(), signed(body, SECRET)
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200, answer.status
    return slack.wait_for("views.open", timeout=10)[-1].params["view"]


def opened_in(view: dict[str, Any], channel: str) -> dict[str, Any]:
    """The same form as opened from another channel (its private_metadata says where)."""
    where = json.loads(view["private_metadata"])
    return {**view, "private_metadata": json.dumps({**where, "ch": channel})}


def kind_of(body: str) -> str:
    if body.startswith("payload="):
        return "submission"
    return "event" if body.startswith("{") else "command"


def bodies(view: dict[str, Any], slack: FakeSlack, prefix: str, count: int) -> list[str]:
    """`count` requests across 25 channels: slash commands, modal submissions and messages
    mentioning the bot in turn, each with a unique idea text; each event then comes again 1 to
    3 more times a little later, as Slack's retries would (same `event_id`)."""
    made: list[str] = []
    copies: dict[int, list[str]] = {}
    shuffle = random.Random(prefix)
    for i in range(count):
        text, channel = f"{MARK} {prefix}{i:06d}", CHANNELS[(i // 3) % len(CHANNELS)]
        if i % 3 == 1:
            made.append(view_submission(opened_in(view, channel), {"what": text}, user=USER))
        elif i % 3 == 2:
            said = message(f"<@{slack.bot_user}> idea {text}", user=USER, channel=channel)
            event = event_callback(said, event_id=f"Ev{prefix.upper()}{i:08d}")
            made.append(event)
            for _ in range(shuffle.randint(1, 3)):
                copies.setdefault(i + shuffle.randint(1, 30), []).append(event)
        else:
            made.append(
                slash_command(
                    "/idea", text, user=USER, channel=channel, response_url=slack.response_url()
                )
            )
        made.extend(copies.pop(i, []))
    for late in copies.values():
        made.extend(late)
    return made


def told(slack: FakeSlack, results: dict[str, Any]) -> int:
    """Requests the person was told had failed: any reply, modal or message saying "Sorry"."""
    replies = [r.get("text", "") for rs in slack.responses.values() for r in rs]
    replies += [
        json.dumps(c.params)
        for c in slack.calls
        if c.method in ("chat.postEphemeral", "views.update")
    ]
    acks = [text for done in results.values() for _, _, text, _ in done]
    return sum(1 for text in replies + acks if "Sorry" in text)


def figures(latencies: list[float]) -> str:
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered):6.1f} ms  p99 {p99:6.1f} ms  "
        f"max {ordered[-1]:6.1f} ms  (n={len(latencies)})"
    )


def run(kind: str, args: argparse.Namespace) -> None:
    url, cleanup = prepare(kind, args.pg_url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with FakeSlack(members={CHANNEL, *CHANNELS}, per_channel_per_second=None) as slack:
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", url, slack.url, str(args.core_processes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert server.stdin and server.stdout
        try:
            line = server.stdout.readline()
            if not line.startswith("READY"):
                raise SystemExit(f"server did not start: {line!r}")
            port = int(line.split()[1])
            view = capture_form(port, slack)
            phases = [
                ("steady", args.seconds * args.rate, args.rate),
                ("burst", args.burst, args.burst),
            ]
            plan = {
                "port": port,
                "phases": [
                    {"name": name, "rate": rate, "bodies": bodies(view, slack, name[0], count)}
                    for name, count, rate in phases
                ],
            }
            with tempfile.TemporaryDirectory() as folder:
                (Path(folder) / "plan.json").write_text(json.dumps(plan))
                subprocess.run(
                    [sys.executable, __file__, "--drive", folder], check=True, cwd=ROOT, env=env
                )
                results = json.loads((Path(folder) / "results.json").read_text())
            time.sleep(args.settle)
            server.stdin.close()  # the server stops and finishes what it acknowledged
            drained = server.stdout.readline().split()
            server.wait(330)
        finally:
            if server.poll() is None:
                server.stdin.close()
                server.wait(30)
        apologies = told(slack, results)
    stored = count_ideas(url)
    sent = args.seconds * args.rate + args.burst  # distinct ideas; events came 2-4 times
    requests = sum(len(done) for done in results.values())
    where = f"{args.core_processes} core processes" if args.core_processes else "core in threads"
    print(
        f"\n{kind} ({where}): {args.seconds} s at {args.rate}/s, then {args.burst} in one second"
        f" ({requests} requests with the events' repeats)"
    )
    for phase, done in results.items():
        bad = sum(1 for _, status, _, _ in done if status != 200)
        print(f"  {phase:6}  all          {figures([d[0] for d in done])}  non-200: {bad}")
        for name in ("command", "submission", "event"):
            print(f"          {name + 's':12} {figures([d[0] for d in done if d[3] == name])}")
    if len(drained) == 4:
        print(f"  work left after the load: finished in {drained[2]} s (all: {drained[1]})")
        print(
            f"  server CPU {drained[3]} s in all, {float(drained[3]) * 1000 / requests:.1f} ms "
            f"per request (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    print(
        f"  records: sent {sent}, stored {len(stored)}, not stored {sent - len(stored)} "
        f"(told 'Sorry' {apologies}), duplicated {duplicated}"
    )
    if cleanup:
        cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=int, default=50, help="requests per second")
    parser.add_argument("--burst", type=int, default=200, help="requests in the final second")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or PG_URL)
    parser.add_argument(
        "--settle", type=float, default=1.0, help="seconds before asking the server to stop"
    )
    parser.add_argument(
        "--core-processes",
        type=int,
        default=0,
        help="run the core in this many processes (0: in threads)",
    )
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], args.serve[1], int(args.serve[2]))
    elif args.drive:
        plan = json.loads((Path(args.drive) / "plan.json").read_text())
        (Path(args.drive) / "results.json").write_text(json.dumps(asyncio.run(drive(plan))))
    else:
        for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
            run(kind, args)


if __name__ == "__main__":
    main()
