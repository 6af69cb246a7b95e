"""Slack adapter fixtures: the fake Web API on loopback and a real client pointed at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fakes.slack_api import FakeSlack  # noqa: E402

WARD_7 = "C0WARD7"


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    """A fake Slack in which the bot is a member of ward 7's channel only."""
    with FakeSlack(members={WARD_7}, channel_names={WARD_7: "ward-7-huddle"}) as fake:
        yield fake


SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def settings(database_url: str, slack_api: FakeSlack):  # type: ignore[no-untyped-def]
    from huddlebot.settings import Settings

    return Settings(
        database_url=database_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack_api.url,
    )


@pytest.fixture
def runtime(settings):  # type: ignore[no-untyped-def]
    """The real composition root on a fresh database with the demo trust loaded."""
    from datetime import UTC, datetime

    from bot.assembly import load_demo
    from huddlebot.bootstrap import build
    from scheduler.clock import FixedClock

    now = datetime.now(UTC).replace(microsecond=0)
    built = build(settings, clock=FixedClock(now), migrate=False)
    with built.db.session() as session:
        load_demo(session, now.date(), now)
    yield built
    built.db.dispose()


@pytest.fixture
def server(runtime, settings):  # type: ignore[no-untyped-def]
    from tests.slack.server import RunningSlack

    with RunningSlack(runtime, settings) as running:
        yield running
