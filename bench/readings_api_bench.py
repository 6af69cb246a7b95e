"""100,000 readings through `POST /api/v1/readings` on loopback (a real HTTP server and
client), in requests of --batch readings: throughput, and the p50/p99 time per request. The
readings are new days of the demo trust's eight typed measures, so every one is stored.

    .venv/bin/python bench/readings_api_bench.py
    .venv/bin/python bench/readings_api_bench.py --readings 20000 --database-url postgresql://…

Prints the machine's load too: figures taken on a loaded machine are slower than they should be.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession, web  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.assembly import load_demo  # noqa: E402
from bot.feeds import tokens  # noqa: E402
from bot.stores.tables.core import Reading, Trust  # noqa: E402
from huddlebot.bootstrap import build  # noqa: E402
from huddlebot.server import build_web_app  # noqa: E402
from huddlebot.settings import Settings  # noqa: E402
from scheduler.clock import FixedClock  # noqa: E402

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 7, 30, tzinfo=UTC)
MEASURES = [
    ("ward-7", "falls", lambda i: i % 4),
    ("ward-7", "staffing", lambda i: 80 + i % 20),
    ("ward-7", "pressure-ulcers", lambda i: i % 2),
    ("ed", "four-hour", lambda i: 60 + i % 30),
    ("ed", "handover", lambda i: 10 + i % 50),
    ("ed", "staffing", lambda i: 85 + i % 15),
    ("theatres", "late-starts", lambda i: i % 3),
    ("theatres", "utilisation", lambda i: 70 + i % 25),
]


def items(count: int) -> list[dict]:
    out = []
    for i in range(count):
        team, measure, value = MEASURES[i % len(MEASURES)]
        day = TODAY - timedelta(days=100 + i // len(MEASURES))  # older than the demo's 90 days
        out.append(
            {
                "team": team,
                "measure": measure,
                "date": day.isoformat(),
                "value": value(i),
                "source": "bench feed",
            }
        )
    return out


async def run(url: str, secret: str, readings: list[dict], batch: int) -> list[float]:
    samples = []
    headers = {"Authorization": f"Bearer {secret}"}
    async with ClientSession() as client:
        for start in range(0, len(readings), batch):
            body = {"readings": readings[start : start + batch]}
            began = time.perf_counter()
            async with client.post(url, json=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            samples.append(time.perf_counter() - began)
    return samples


async def serve_and_run(runtime, secret: str, readings: list[dict], batch: int) -> list[float]:  # type: ignore[no-untyped-def]
    runner = web.AppRunner(build_web_app(runtime), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        return await run(f"http://127.0.0.1:{port}/api/v1/readings", secret, readings, batch)
    finally:
        await runner.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readings", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    settings = Settings(database_url=url, api_per_minute=1_000_000)
    runtime = build(settings, clock=FixedClock(NOW))
    with runtime.db.session() as session:
        load_demo(session, TODAY, NOW)
        trust = session.scalar(select(Trust))
        made = tokens.create(session, trust, "trust", None, "bench feed", NOW, 30)
        assert isinstance(made, tokens.Made)
        before = session.scalar(select(func.count(Reading.id)))
    readings = items(args.readings)
    cpu, wall = time.process_time(), time.perf_counter()
    samples = asyncio.run(serve_and_run(runtime, made.secret, readings, args.batch))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    with runtime.db.session() as session:
        stored = session.scalar(select(func.count(Reading.id))) - before
    assert stored == args.readings, (stored, args.readings)
    samples.sort()
    p50 = samples[len(samples) // 2] * 1000
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"readings API, {backend}: {args.readings:,} readings in {len(samples)} requests "
        f"of {args.batch}"
    )
    print(f"  wall {wall:6.1f} s   {args.readings / wall:8.0f} readings/s")
    print(
        f"  CPU  {cpu:6.1f} s   {args.readings / cpu:8.0f} readings per CPU second "
        "(server and client share this process)"
    )
    print(f"  per request: p50 {p50:6.0f} ms   p99 {p99:6.0f} ms")
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    runtime.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
