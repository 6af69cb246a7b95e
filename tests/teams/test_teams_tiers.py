"""The tier loop in Teams, through the real `/api/messages` route against the fake connector: a
ward escalates in its channel, the division's lead acknowledges with the card's button and
resolves in the division's channel, and the ward's channel hears "you said, we did"."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from adapters.teams import TeamsSettings
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from scheduler.service import step
from tests.teams.conftest import serving

MEDICINE_CHANNEL = "19:medicine@thread.tacv2"
MATRON = {"id": "29:matron", "name": "Demo Matron"}


def _in_medicine(activity: dict[str, Any]) -> dict[str, Any]:
    """The same activity, in the Medicine division's channel."""
    conversation = dict(activity["conversation"])
    conversation["id"] = conversation["id"].replace(act.WARD_7_CHANNEL, MEDICINE_CHANNEL)
    activity["conversation"] = conversation
    activity["channelData"] = {
        "tenant": {"id": act.TENANT},
        "team": {"id": MEDICINE_CHANNEL, "name": "Medicine"},
        "channel": {"id": MEDICINE_CHANNEL},
    }
    return activity


def _sent_to(connector: FakeConnector, channel: str) -> list[dict[str, Any]]:
    return [c.body for c in connector.sent() if c.conversation.startswith(channel)]


def _card_action(body: dict[str, Any], title: str) -> dict[str, Any]:
    card = body["attachments"][0]["content"]
    return next(a["data"] for a in card["actions"] if a["title"] == title)


def test_ward_escalates_division_acknowledges_and_resolves_the_ward_hears(
    runtime, connector: FakeConnector
) -> None:
    async def deliver() -> None:
        """What the turns left in the outbox for other channels, as the worker sends it."""
        for _ in range(3):
            runtime.clock.advance(timedelta(seconds=2))  # past each conversation's pacing
            await step(runtime, runtime.clock.now())

    async def scenario() -> None:
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            url = connector.url
            for activity in (
                act.message(url, "huddle link ward-7", in_channel=True),
                _in_medicine(act.message(url, "huddle link medicine", MATRON, in_channel=True)),
                act.message(
                    url, "huddle escalate Hoist broken in bay 2", act.NURSE, in_channel=True
                ),
            ):
                assert (await endpoint.post(activity))[0] in (200, 201)
            await deliver()
            [card] = [
                b
                for b in _sent_to(connector, MEDICINE_CHANNEL)
                if "Hoist broken" in json.dumps(b, ensure_ascii=False) and b.get("attachments")
            ]
            ack = _card_action(card, "Acknowledge")
            pressed = _in_medicine(act.card_submit(url, ack, "1700", MATRON, in_channel=True))
            assert (await endpoint.post(pressed))[0] in (200, 201)
            resolve = "huddle resolve 1 Spare hoist from Ward 9 until Thursday"
            said = _in_medicine(act.message(url, resolve, MATRON, in_channel=True))
            assert (await endpoint.post(said))[0] in (200, 201)
            await deliver()

    asyncio.run(scenario())
    heard = " ".join(
        json.dumps(b, ensure_ascii=False) for b in _sent_to(connector, act.WARD_7_CHANNEL)
    )
    assert "Demo Matron has acknowledged your escalation #1" in heard
    assert (
        "You said: “Hoist broken in bay 2” — we did: “Spare hoist from Ward 9 until Thursday” "
        "(Medicine, Demo Matron)."
    ) in heard
