"""Slack adapter fixtures: the fake Web API on loopback and a real client pointed at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import FakeSlack  # noqa: E402

WARD_7 = "C0WARD7"


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    """A fake Slack in which the bot is a member of ward 7's channel only."""
    with FakeSlack(members={WARD_7}, channel_names={WARD_7: "ward-7-huddle"}) as fake:
        yield fake
