"""`POST /api/v1/readings`: measures fed by the trust's systems, with a bearer token, and the
OpenAPI document at `GET /api/v1/openapi.json`. The checks and storage are the core's
(`bot.feeds`); this module does HTTP: the token, the rate and size limits, status codes."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds.accept import Outcome, accept
from bot.feeds.tokens import find, may_write
from bot.stores.tables.core import Audit, Trust
from huddlebot.bootstrap import Runtime

log = logging.getLogger("huddlebot.api")
PATH = "/api/v1/readings"
MAX_BYTES = 512 * 1024  # a request body; larger gets 413
MAX_ITEMS = 1000  # readings in one request; more gets 413


def openapi() -> dict[str, Any]:
    text = resources.files("huddlebot").joinpath("readings_openapi.json").read_text("utf-8")
    return json.loads(text)


class RateLimit:
    """A token bucket per API token: `per_minute` requests a minute, bursts of a tenth of it.
    Measured on the monotonic clock: it limits speed, it says nothing about the day."""

    def __init__(self, per_minute: int) -> None:
        self.rate = max(per_minute, 1) / 60.0
        self.burst = max(per_minute // 10, 5)
        self.buckets: dict[int, tuple[float, float]] = {}

    def wait(self, token_id: int) -> float:
        """0 when the request may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic()
        level, then = self.buckets.get(token_id, (float(self.burst), now))
        level = min(float(self.burst), level + (now - then) * self.rate)
        if level >= 1:
            self.buckets[token_id] = (level - 1, now)
            return 0.0
        self.buckets[token_id] = (level, now)
        return (1 - level) / self.rate


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] | None = None


def _error(status: int, problem: str, **extra: Any) -> Answer:
    return Answer(status, {"error": problem, **extra})


def _items(body: bytes) -> list[Any] | Answer:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body is not JSON")
    items = data.get("readings") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        return _error(400, 'send {"readings": [ … ]}: a list of one or more readings')
    if len(items) > MAX_ITEMS:
        return _error(413, f"at most {MAX_ITEMS} readings in one request; send them in parts")
    return items


def _audit(session: Session, now: datetime, subject: str, outcome: str) -> None:
    """Every use of the API, allowed or not, by token id: never what it sent."""
    session.add(
        Audit(at=now, person_id=None, action="readings.api", subject=subject, outcome=outcome)
    )


def _no_token(runtime: Runtime) -> None:
    with runtime.db.session() as session:
        _audit(session, runtime.clock.now(), "token:none", "denied")


def _answer(outcome: Outcome) -> Answer:
    if outcome.forbidden:
        first = outcome.forbidden[0]
        return _error(
            403,
            f"item {first.index}: this token may not write readings for that team",
            errors=[p.as_dict() for p in outcome.forbidden],
        )
    if outcome.problems:
        first = outcome.problems[0]
        return _error(
            422,
            f"item {first.index}, {first.field}: {first.problem}; nothing was stored",
            errors=[p.as_dict() for p in outcome.problems],
        )
    return Answer(200, {"results": [s.as_dict() for s in outcome.stored]})


def _handle(runtime: Runtime, limit: RateLimit, secret: str, body: bytes) -> Answer:
    now = runtime.clock.now()
    with runtime.db.session() as session:
        found = find(session, secret, now)
        subject = f"token:{found.token.id}" if found.token else "token:unknown"
        if found.refused:
            _audit(session, now, subject, "denied")
            log.warning("readings API: %s refused (%s token)", subject, found.refused)
            return _error(401, f"the token is {found.refused}: ask for a new one")
        token = found.token
        assert token is not None
        wait = limit.wait(token.id)
        if wait:
            log.info("readings API: %s rate-limited", subject)
            return Answer(
                429,
                {"error": "too many requests: slow down and try again"},
                {"Retry-After": str(max(1, round(wait + 0.5)))},
            )
        token.last_used_at = now
        items = _items(body)
        if isinstance(items, Answer):
            _audit(session, now, subject, "refused")
            log.info("readings API: %s sent a body refused with %d", subject, items.status)
            return items
        trust = session.scalar(select(Trust).where(Trust.id == token.trust_id))
        assert trust is not None
        outcome = accept(
            session, trust, items, now, channel="api", subject=subject, may_write=may_write(token)
        )
        if outcome.ok:
            log.info("readings API: %s stored %d readings", subject, len(outcome.stored))
        return _answer(outcome)


def readings_routes(runtime: Runtime) -> list[web.RouteDef]:
    limit = RateLimit(runtime.settings.api_per_minute)
    document = openapi()

    async def post_readings(request: web.Request) -> web.Response:
        words = request.headers.get("Authorization", "").split()
        if len(words) != 2 or words[0].lower() != "bearer":
            log.info("readings API: a request with no bearer token")
            await asyncio.to_thread(_no_token, runtime)
            return web.json_response(
                {"error": "send a token: `Authorization: Bearer …`"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if (request.content_length or 0) > MAX_BYTES:
            return _too_large()
        body = await request.content.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            return _too_large()
        answer = await asyncio.to_thread(_handle, runtime, limit, words[1], body)
        headers = dict(answer.headers or {})
        if answer.status == 401:
            headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return web.json_response(answer.body, status=answer.status, headers=headers)

    async def get_openapi(request: web.Request) -> web.Response:
        return web.json_response(document)

    return [web.post(PATH, post_readings), web.get("/api/v1/openapi.json", get_openapi)]


def _too_large() -> web.Response:
    log.info("readings API: a body over %d bytes refused", MAX_BYTES)
    return web.json_response(
        {"error": f"the body is over {MAX_BYTES // 1024} KB: send the readings in parts"},
        status=413,
    )
