"""`/healthz` and `/metrics` as an operator's monitoring sees them."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from aiohttp.test_utils import TestClient, TestServer

from bot.assembly import load_demo
from huddlebot.bootstrap import build
from huddlebot.server import build_web_app
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from scheduler.service import step

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


async def _get(app, path: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    async with TestClient(TestServer(app)) as client:
        response = await client.get(path)
        return response.status, await response.text()


def test_health_reports_database_and_outbox(database_url: str) -> None:
    runtime = build(Settings(database_url=database_url), clock=FixedClock(NOW))
    with runtime.db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    asyncio.run(step(runtime, datetime(2027, 3, 1, 8, 31, tzinfo=UTC)))  # prompts due, no platform
    status, body = asyncio.run(_get(build_web_app(runtime), "/healthz"))
    assert status == 200
    assert '"database": true' in body and '"outbox"' in body
    status, text = asyncio.run(_get(build_web_app(runtime), "/metrics"))
    assert status == 200
    assert "# TYPE huddlebot_ack_seconds histogram" in text
    assert 'huddlebot_prompts{state="sent"}' in text
    assert "huddlebot_outbox_oldest_waiting_seconds" in text
    runtime.db.dispose()


def test_health_says_when_the_database_is_down() -> None:
    runtime = build(
        Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:9/none"),
        clock=FixedClock(NOW),
        migrate=False,
    )
    status, body = asyncio.run(_get(build_web_app(runtime), "/healthz"))
    assert status == 503
    assert '"database": false' in body
