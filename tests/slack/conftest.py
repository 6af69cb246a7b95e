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
def settings(kit_url: str, slack_api: FakeSlack):  # type: ignore[no-untyped-def]
    """On the kit's database, emptied for this test (cheaper than a new database each time)."""
    from huddlebot.settings import Settings

    return Settings(
        database_url=kit_url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack_api.url,
    )


def _runtime(settings, trust: str):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from huddlebot.bootstrap import build
    from scheduler.clock import FixedClock
    from tests.kit.trusts import TRUSTS

    now = datetime.now(UTC).replace(microsecond=0)
    built = build(settings, clock=FixedClock(now), migrate=False)
    with built.db.session() as session:
        TRUSTS[trust](session, now)
    return built


@pytest.fixture
def runtime(settings):  # type: ignore[no-untyped-def]
    """The real composition root with the demo's configuration (its teams, people and roles),
    without its history."""
    built = _runtime(settings, "small")
    yield built
    built.db.dispose()


@pytest.fixture
def demo_runtime(settings):  # type: ignore[no-untyped-def]
    """The whole demo trust (90 days of history, ideas, visits), for tests about those."""
    built = _runtime(settings, "demo")
    yield built
    built.db.dispose()


@pytest.fixture
def server(runtime, settings):  # type: ignore[no-untyped-def]
    from tests.slack.server import RunningSlack

    with RunningSlack(runtime, settings) as running:
        yield running
