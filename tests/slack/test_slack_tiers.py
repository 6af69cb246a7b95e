"""The tier loop in Slack, through the real Bolt app against the fake Web API: a ward escalates in
its channel, the division's lead acknowledges with the card's button and resolves in the
division's channel, and the ward's channel hears "you said, we did"."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from fakes.slack_api import FakeSlack
from fakes.slack_requests import block_actions, signed, slash_command
from scheduler.service import step
from tests.slack.conftest import SECRET, WARD_7

MEDICINE = "C0MEDICINE"


def _said(message: dict) -> str:
    """A message's text and every text in its blocks."""
    found = [message.get("text", "")]
    for block in message.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            found.append(text.get("text", ""))
    return "\n".join(found)


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    """The bot is a member of Ward 7's channel and the Medicine division's."""
    with FakeSlack(members={WARD_7, MEDICINE}, per_channel_per_second=None) as fake:
        yield fake


def _command(server, slack: FakeSlack, line: str, user: str, channel: str) -> None:  # type: ignore[no-untyped-def]
    name, _, rest = line.partition(" ")
    body = slash_command(
        name,
        rest,
        user=user,
        channel=channel,
        response_url=slack.response_url(),
        trigger_id=slack.trigger(),
    )
    assert server.post(body, signed(body, SECRET))[0] == 200


def _texts(runtime, slack: FakeSlack, channel: str, wanted: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Deliver what the outbox holds until a message in `channel` contains `wanted` (in its
    text or blocks); every message there, as its text and its blocks' text."""
    deadline = time.monotonic() + 60  # generous: the machine may be busy
    while time.monotonic() < deadline:
        runtime.clock.advance(timedelta(seconds=2))  # past each channel's pacing
        asyncio.run(step(runtime, runtime.clock.now()))  # posts for other channels
        texts = [_said(m) for m in slack.posted(channel)]
        if any(wanted in t for t in texts):
            return texts
        time.sleep(0.05)
    raise AssertionError(f"nothing with {wanted!r} in {channel}: {slack.posted(channel)}")


def test_ward_escalates_division_acknowledges_and_resolves_the_ward_hears(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    _command(server, slack_api, "/huddle link ward-7", "U0LEAD", WARD_7)
    _command(server, slack_api, "/huddle link medicine", "U0MATRON", MEDICINE)
    _texts(runtime, slack_api, MEDICINE, "the Medicine division's channel")
    _command(server, slack_api, "/huddle escalate Hoist broken in bay 2", "U0NURSE", WARD_7)
    _texts(runtime, slack_api, MEDICINE, "Hoist broken in bay 2")
    [card] = [m for m in slack_api.posted(MEDICINE) if "Hoist broken" in _said(m)]
    actions = {
        e["action_id"].split("~~")[0]: e["value"]
        for b in card["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }
    assert {"huddle.ack", "open:huddle.resolve", "open:huddle.onward"} <= set(actions)
    body = block_actions(
        "huddle.ack",
        actions["huddle.ack"],
        user="U0MATRON",
        channel=MEDICINE,
        message_ts=card["ts"],
        response_url=slack_api.response_url(),
    )
    assert server.post(body, signed(body, SECRET))[0] == 200
    _texts(runtime, slack_api, WARD_7, "Demo Matron has acknowledged your escalation")
    _command(
        server,
        slack_api,
        f"/huddle resolve {actions['huddle.ack']} Spare hoist from Ward 9 until Thursday",
        "U0MATRON",
        MEDICINE,
    )
    heard = _texts(runtime, slack_api, WARD_7, "You said:")
    said = (
        "You said: “Hoist broken in bay 2” — we did: “Spare hoist from Ward 9 until Thursday” "
        "(Medicine, Demo Matron)."
    )
    assert any(text.startswith(said) for text in heard)
