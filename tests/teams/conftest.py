"""Teams adapter fixtures: the demo's trust on the kit's database, a fake Bot Connector on
loopback, and the real aiohttp routes served in-process."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fakes.teams_connector import FakeConnector  # noqa: E402

NOW = datetime(2027, 3, 1, 8, 29, tzinfo=UTC)  # a Monday, a minute before ward 7's huddle


@pytest.fixture
def connector() -> Iterator[FakeConnector]:
    with FakeConnector() as fake:
        yield fake


def _runtime(url: str, trust: str) -> Any:
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings
    from scheduler.clock import FixedClock
    from tests.kit.snapshots import load_trust
    from tests.kit.trusts import TRUSTS

    built = build(Settings(database_url=url), clock=FixedClock(NOW), migrate=False)
    with built.db.session() as session:
        load_trust(session, trust, TRUSTS[trust], NOW)
    return built


@pytest.fixture
def runtime(kit_url: str) -> Iterator[Any]:
    """The demo's configuration (its teams, people and roles) without its history, on the
    kit's database emptied for this test, on a fixed clock."""
    built = _runtime(kit_url, "small")
    yield built
    built.db.dispose()


@pytest.fixture
def demo_runtime(kit_url: str) -> Iterator[Any]:
    """The whole demo trust (90 days of history, ideas, visits), for tests about those."""
    built = _runtime(kit_url, "demo")
    yield built
    built.db.dispose()


class Endpoint:
    """POSTs activities to the real `/api/messages` route, as Teams would."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def post(self, activity: dict[str, Any], token: str | None = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post("/api/messages", json=activity, headers=headers)
        text = await response.text()
        body: Any = text
        if response.content_type == "application/json" and text:
            body = await response.json()
        return response.status, body


@asynccontextmanager
async def serving(runtime: Any, settings: Any) -> AsyncIterator[Endpoint]:
    """The Teams routes on an aiohttp test server (loopback, random port)."""
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from adapters.teams import teams_routes

    app = web.Application()
    app.add_routes(teams_routes(runtime.host(), settings))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield Endpoint(client)
