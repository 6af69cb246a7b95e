"""Teams: a patient identifier sent through the message extension, a card or a message (as the
HTML Teams sends) is refused, names its kind without repeating it, and nothing is stored; the
message extension says so in its dialog, to the author alone."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sqlalchemy import text

from adapters.teams import TeamsSettings
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import Endpoint, serving

INSECURE = TeamsSettings(insecure_dev=True)


def _ideas(runtime: Any) -> int:
    with runtime.db.engine.connect() as connection:
        return int(connection.execute(text("select count(*) from ideas")).scalar_one())


def _submit(connector: FakeConnector, idea: str) -> dict[str, Any]:
    return act.compose_extension(
        connector.url,
        "composeExtension/submitAction",
        {"commandId": "postIdea", "commandContext": "compose", "data": {"idea": idea}},
    )


def _run(runtime: Any, connector: FakeConnector, *activities: dict[str, Any]) -> list[Any]:
    async def steps() -> list[Any]:
        async with serving(runtime, INSECURE) as endpoint:
            await _link(endpoint, connector)
            return [await endpoint.post(a) for a in activities]

    return asyncio.run(steps())


async def _link(endpoint: Endpoint, connector: FakeConnector) -> None:
    await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))


@pytest.mark.parametrize(
    ("idea", "kind"),
    [
        ("Mrs B 943&nbsp;476&nbsp;5919 slipped", "NHS number"),
        ("Mrs B <b>943</b> 476&#8203;5919 slipped", "NHS number"),
        ("Mr Smith DOB: 12th March 1956 fell", "date of birth"),
        ("MRN 1234567 fell twice", "hospital number"),
    ],
)
def test_the_message_extension_refuses_a_patient_identifier(
    runtime: Any, connector: FakeConnector, idea: str, kind: str
) -> None:
    ideas = _ideas(runtime)
    [(status, answer)] = _run(runtime, connector, _submit(connector, idea))
    assert status == 200
    said = answer["task"]["value"]  # shown in the dialog, to the author alone
    assert answer["task"]["type"] == "message" and kind in said
    assert "5919" not in said and "1956" not in said and "1234567" not in said
    assert connector.sent()[1:] == []  # nothing posted after the link's confirmation
    assert _ideas(runtime) == ideas


def test_the_message_extension_still_posts_an_ordinary_idea(
    runtime: Any, connector: FakeConnector
) -> None:
    ideas = _ideas(runtime)
    [(status, _)] = _run(runtime, connector, _submit(connector, "Bay 4 bed 12 needs a sensor mat"))
    assert status == 200 and _ideas(runtime) == ideas + 1


def test_a_message_with_html_between_the_digits_is_refused(
    runtime: Any, connector: FakeConnector
) -> None:
    ideas = _ideas(runtime)
    typed = "idea <p>Mrs B 943<span>476</span>5919 slipped</p>"
    [(status, _)] = _run(runtime, connector, act.message(connector.url, typed, in_channel=True))
    assert status in (200, 201)
    [reply] = connector.sent()[1:]
    assert "NHS number" in json.dumps(reply.body) and "5919" not in json.dumps(reply.body)
    assert _ideas(runtime) == ideas


def _escalations(runtime: Any) -> int:
    with runtime.db.engine.connect() as connection:
        return int(connection.execute(text("select count(*) from huddle_escalations")).scalar_one())


@pytest.mark.parametrize(
    ("escalate", "kind"),
    [("Bed 4: 943&nbsp;476&nbsp;5919", "NHS number"), ("born on 12/03/1956", "date of birth")],
)
def test_a_card_submit_is_refused_beside_the_field(
    runtime: Any, connector: FakeConnector, escalate: str, kind: str
) -> None:
    async def steps() -> None:
        async with serving(runtime, INSECURE) as endpoint:
            await endpoint.post(act.message(connector.url, "huddle"))
            form_call = connector.sent()[-1]
            card = form_call.body["attachments"][0]["content"]
            data = next(a["data"] for a in card["actions"])
            filled = {**data, "falls": "1", "escalate": escalate}
            await endpoint.post(act.card_submit(connector.url, filled, form_call.new_id))

    escalations = _escalations(runtime)
    asyncio.run(steps())
    _, refused = connector.sent()
    said = json.dumps(refused.body)
    assert kind in said and "5919" not in said and "1956" not in said
    assert _escalations(runtime) == escalations
    with runtime.db.engine.connect() as connection:
        # the demo's own readings: its history, and the measure its API feed fills
        typed = "select count(*) from readings where source not in ('demo', 'api')"
        readings = connection.execute(text(typed))
        assert readings.scalar_one() == 0
