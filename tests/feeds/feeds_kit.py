"""The demo trust with a clock that moves only when told (Monday 1 March 2027, 08:00 GMT),
its readings API served on loopback, and helpers to make tokens and read what was stored."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.events import Command, Origin, Said, Sender
from bot.feeds import tokens
from bot.messages import Outbound, Post, fallback_text
from bot.stores.tables.core import Audit, Reading, Trust
from huddlebot.bootstrap import Runtime, build
from huddlebot.server import build_web_app
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from tests.kit.snapshots import load_trust
from tests.kit.trusts import TRUSTS
from tests.kit.ward import readings

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Feeds:
    runtime: Runtime
    clock: FixedClock

    def token(self, scope: str = "team", key: str | None = "ward-7", days: int = 30) -> str:
        with self.runtime.db.session() as s:
            trust = s.scalar(select(Trust))
            made = tokens.create(s, trust, scope, key, "bed-state feed", self.clock.now(), days)
            assert isinstance(made, tokens.Made)
            return made.secret

    def post(
        self,
        body: Any,
        secret: str | None,
        raw: bytes | None = None,
        times: int = 1,
    ) -> list[Reply]:
        """POST the body `times` times through a real HTTP client on loopback."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["Authorization"] = f"Bearer {secret}"
        data = raw if raw is not None else json.dumps(body).encode()

        async def go() -> list[Reply]:
            replies = []
            async with TestClient(TestServer(build_web_app(self.runtime))) as client:
                for _ in range(times):
                    response = await client.post("/api/v1/readings", data=data, headers=headers)
                    text = await response.text()
                    try:
                        parsed = json.loads(text)
                    except ValueError:
                        parsed = text
                    replies.append(Reply(response.status, parsed, dict(response.headers)))
            return replies

        return asyncio.run(go())

    def get(self, path: str) -> Reply:
        async def go() -> Reply:
            async with TestClient(TestServer(build_web_app(self.runtime))) as client:
                response = await client.get(path)
                return Reply(response.status, await response.json(), dict(response.headers))

        return asyncio.run(go())

    def say(self, who: str, line: str, where: Origin = WARD) -> list[str]:
        sender = Sender("console", who, who)
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            event: Any = Command(sender, where, name, rest, self.clock.now())
        else:
            event = Said(sender, where, line, self.clock.now())
        posts: list[Outbound] = self.runtime.bot.handle(event)
        return [fallback_text(p.message) for p in posts if isinstance(p, Post)]

    def readings(self, key: str, day: date = TODAY, team: str = "ward-7") -> list[Reading]:
        return readings(self.runtime.db, key, day, team)

    def audit(self, action: str) -> list[tuple[str, str]]:
        with self.runtime.db.session() as s:
            rows = s.execute(
                select(Audit.subject, Audit.outcome)
                .where(Audit.action == action)
                .order_by(Audit.id)
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))


@pytest.fixture
def feeds(database_url: str) -> Iterator[Feeds]:
    clock = FixedClock(NOW)
    settings = Settings(database_url=database_url, api_per_minute=600)
    runtime = build(settings, clock=clock, migrate=False)
    with runtime.db.session() as s:
        load_trust(s, "demo", TRUSTS["demo"], NOW)  # the demo at TODAY, loaded once a worker
    yield Feeds(runtime, clock)
    runtime.db.dispose()


def reading(**fields: Any) -> dict[str, Any]:
    item = {"team": "ward-7", "measure": "staffing", "date": "2027-03-01", "value": 96}
    return {**item, "source": "e-roster feed", **fields}
