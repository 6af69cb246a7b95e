"""Teams' edges: a tenant-less activity when the trust pins a tenant, an activity with no sender,
card inputs and fields of the wrong type at any depth. Each gets a 4xx or a polite reply, never a
crash, and nothing is stored in a form nobody typed (such as a Python repr)."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.teams import TeamsSettings
from bot.stores.tables.core import Audit, Trust
from bot.stores.tables.ideas import Idea
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import serving

INSECURE = TeamsSettings(insecure_dev=True)
IDEA_FORM = {"huddlebot_form": "idea.new", "huddlebot_context": ""}


def post_all(runtime: Any, activities: list[dict[str, Any]]) -> list[int]:
    async def scenario() -> list[int]:
        async with serving(runtime, INSECURE) as endpoint:
            return [(await endpoint.post(activity))[0] for activity in activities]

    return asyncio.run(scenario())


def ideas(runtime: Any) -> list[tuple[str, str]]:
    with runtime.db.session() as session:
        return [(i.text, i.why) for i in session.scalars(select(Idea).order_by(Idea.id))]


def denials(runtime: Any) -> int:
    with runtime.db.session() as session:
        query = select(func.count()).where(Audit.action == "workspace", Audit.outcome == "denied")
        return int(session.scalar(query.select_from(Audit)) or 0)


def pin_tenant(runtime: Any, tenant: str) -> None:
    with runtime.db.session() as session:
        trust = session.scalar(select(Trust))
        settings = json.loads(trust.settings_json or "{}")
        trust.settings_json = json.dumps({**settings, "teams_tenant": tenant})


def tenantless(activity: dict[str, Any]) -> dict[str, Any]:
    activity = copy.deepcopy(activity)
    activity["channelData"].pop("tenant", None)
    activity["conversation"].pop("tenantId", None)
    return activity


def crashes(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_tenantless_activity_is_refused_when_the_trust_pins_a_tenant(
    runtime, connector: FakeConnector
) -> None:
    pin_tenant(runtime, act.TENANT)
    url = connector.url
    before = ideas(runtime)
    sideways = [
        tenantless(act.message(url, "idea a quieter drug round")),
        tenantless(act.message(url, "idea a quieter drug round", in_channel=True)),
        tenantless(act.card_submit(url, {**IDEA_FORM, "what": "a quieter drug round"}, "1")),
        tenantless(
            act.compose_extension(
                url,
                "composeExtension/submitAction",
                {"commandId": "postIdea", "data": {"idea": "a quieter drug round"}},
            )
        ),
    ]
    odd_tenant = act.message(url, "idea a quieter drug round")
    odd_tenant["channelData"]["tenant"] = "not-an-object"
    odd_tenant["conversation"].pop("tenantId")
    statuses = post_all(runtime, [*sideways, odd_tenant])
    assert statuses == [403] * 5
    assert connector.sent() == []
    assert ideas(runtime) == before
    assert denials(runtime) == 5
    # The trust's own tenant still gets in.
    assert post_all(runtime, [act.message(url, "idea a quieter drug round")]) == [201]
    assert ideas(runtime)[-1][0] == "a quieter drug round"


def test_without_a_pin_a_tenantless_activity_is_still_served(
    runtime, connector: FakeConnector
) -> None:
    assert post_all(runtime, [tenantless(act.message(connector.url, "help"))]) == [201]
    assert "huddle" in connector.texts()[0]


@pytest.mark.parametrize(
    "sender",
    [None, {}, {"name": "Demo Lead"}, {"id": ""}, "missing"],
    ids=["null", "empty", "no id", "empty id", "missing"],
)
def test_an_activity_with_no_sender_is_ignored_not_crashed_on(
    runtime, connector: FakeConnector, caplog, sender: Any
) -> None:
    url = connector.url
    shapes = [
        act.message(url, "idea a quieter drug round"),
        act.card_submit(url, {**IDEA_FORM, "what": "a quieter drug round"}, "1"),
        act.compose_extension(
            url,
            "composeExtension/submitAction",
            {"commandId": "postIdea", "data": {"idea": "a quieter drug round"}},
        ),
    ]
    for activity in shapes:
        if sender == "missing":
            activity.pop("from")
        else:
            activity["from"] = sender
    before = ideas(runtime)
    statuses = post_all(runtime, [*shapes, act.message(url, "help")])
    assert all(s < 500 for s in statuses), statuses
    assert statuses[-1] == 201 and len(connector.sent()) == 1  # only the `help` is answered
    assert ideas(runtime) == before
    assert crashes(caplog) == []


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


ODD_INPUTS = {
    "an object": {"a": 1},
    "a list": ["a quieter", "drug round"],
    "an empty object": {},
    "nested 50 deep": _deep(50),
    "nested 800 deep": _deep(800),
}


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_card_inputs_that_are_not_plain_values_are_refused_politely(
    runtime, connector: FakeConnector, caplog, name: str
) -> None:
    odd = ODD_INPUTS[name]
    url = connector.url
    submits = [
        act.card_submit(url, {**IDEA_FORM, "what": odd}, "1"),
        act.card_submit(url, {**IDEA_FORM, "what": "a quieter drug round", "why": odd}, "2"),
        act.card_submit(url, {**IDEA_FORM, "huddlebot_form": odd, "what": "x"}, "3"),
        act.card_submit(url, {"huddlebot_action": "idea.support", "huddlebot_value": odd}, "4"),
    ]
    before = ideas(runtime)
    statuses = post_all(runtime, submits)
    assert statuses == [201] * 4
    texts = connector.texts()
    assert len(texts) == 4 and all("nothing was saved" in t for t in texts), texts
    assert ideas(runtime) == before
    assert crashes(caplog) == []


def test_a_message_extension_idea_that_is_not_text_is_refused_politely(
    runtime, connector: FakeConnector
) -> None:
    extension = act.compose_extension(
        connector.url,
        "composeExtension/submitAction",
        {"commandId": "postIdea", "data": {"idea": {"text": "a quieter drug round"}}},
    )

    async def scenario() -> tuple[int, Any]:
        async with serving(runtime, INSECURE) as endpoint:
            return await endpoint.post(extension)

    before = ideas(runtime)
    status, body = asyncio.run(scenario())
    assert status == 200
    assert "nothing was saved" in json.dumps(body)
    assert ideas(runtime) == before


WRONG_VALUES = {
    "an object": {"a": "idea a quieter drug round"},
    "a list": ["idea a quieter drug round"],
    "a number": 5,
    "true": True,
    "a list of objects": [{"id": {"a": 1}}],
    "deeply nested": _deep(300),
}
# Every string field Huddlebot reads from an activity, on each kind of activity it acts on.
FIELDS = {
    "message": (
        "id",
        "text",
        "serviceUrl",
        "replyToId",
        "from.id",
        "from.name",
        "from.aadObjectId",
        "conversation.id",
        "conversation.tenantId",
        "conversation.conversationType",
        "channelData",
        "channelData.tenant",
        "channelData.tenant.id",
        "channelData.team",
        "channelData.team.name",
        "entities",
        "entities.0",
        "entities.0.mentioned",
        "entities.0.mentioned.id",
        "entities.0.text",
        "recipient.id",
        "value",
    ),
    "install": ("action", "membersAdded", "channelData.settings", "conversation.name"),
    "extension": ("name", "value", "value.commandId", "value.data"),
}


def _put(activity: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    activity = copy.deepcopy(activity)
    *parents, last = path.split(".")
    here: Any = activity
    for key in parents:
        here = here[int(key)] if isinstance(here, list) else here.setdefault(key, {})
    if isinstance(here, list):
        here[int(last)] = value
    else:
        here[last] = value
    return activity


def test_any_field_of_the_wrong_type_gets_a_4xx_or_a_polite_reply(
    runtime, connector: FakeConnector, caplog
) -> None:
    url = connector.url
    bases = {
        "message": act.message(url, "idea a quieter drug round", in_channel=True),
        "install": act.installed(url),
        "extension": act.compose_extension(
            url,
            "composeExtension/submitAction",
            {"commandId": "postIdea", "data": {"idea": "a quieter drug round"}},
        ),
    }
    cases = {
        f"{kind} {path} as {name}": _put(bases[kind], path, value)
        for kind, paths in FIELDS.items()
        for path in paths
        for name, value in WRONG_VALUES.items()
    }

    async def scenario() -> dict[str, int]:
        async with serving(runtime, INSECURE) as endpoint:
            return {name: (await endpoint.post(activity))[0] for name, activity in cases.items()}

    before = len(ideas(runtime))
    statuses = asyncio.run(scenario())
    assert {name: s for name, s in statuses.items() if s >= 500} == {}
    assert crashes(caplog) == []
    refused = {name for name, s in statuses.items() if 400 <= s < 500}
    assert "message text as an object" in refused and "message from.id as a number" in refused
    for text, why in ideas(runtime)[before:]:
        assert text == "a quieter drug round" and why == "", (text, why)
    for said in connector.texts():
        assert "{'" not in said and "['" not in said, said[:200]


def test_half_a_surrogate_pair_gets_a_400_and_a_whole_one_gets_in(
    runtime, connector: FakeConnector
) -> None:
    half = json.dumps(act.message(connector.url, "idea MARK")).replace("MARK", "\\ud800 bed")
    whole = json.dumps(act.message(connector.url, "idea MARK")).replace(
        "MARK", "\\ud83d\\ude00 bed"
    )
    before = ideas(runtime)

    async def scenario() -> list[int]:
        async with serving(runtime, INSECURE) as endpoint:
            statuses = []
            for body in (half, whole):
                headers = {"Content-Type": "application/json"}
                answer = await endpoint.client.post("/api/messages", data=body, headers=headers)
                statuses.append(answer.status)
            return statuses

    assert asyncio.run(scenario()) == [400, 201]
    assert ideas(runtime)[len(before) :] == [("\U0001f600 bed", "")]


INVOKES = (
    "composeExtension/fetchTask",
    "composeExtension/submitAction",
    "composeExtension/query",
    "adaptiveCard/action",
    "task/fetch",
    "signin/verifyState",
    "actionableMessage/executeAction",
    "somethingNew",
)
INVOKE_VALUES = {
    "a number": 5,
    "a string": "x",
    "a list": [1],
    "null": None,
    "an odd object": {"a": {"b": [1]}},
    "wrongly typed fields": {"action": 5, "data": [1], "commandId": {"x": 1}, "parameters": "x"},
}


def test_every_invoke_of_any_shape_gets_an_answer_not_a_5xx(
    runtime, connector: FakeConnector, caplog
) -> None:
    cases = {}
    for name in INVOKES:
        for kind, value in INVOKE_VALUES.items():
            invoke = act.compose_extension(connector.url, name, {})
            invoke["value"] = value
            cases[f"{name} with {kind}"] = invoke

    async def scenario() -> dict[str, int]:
        async with serving(runtime, INSECURE) as endpoint:
            return {name: (await endpoint.post(invoke))[0] for name, invoke in cases.items()}

    statuses = asyncio.run(scenario())
    assert {name: s for name, s in statuses.items() if s >= 500} == {}
    assert crashes(caplog) == []
    assert connector.sent() == []  # no apology sent into the conversation either
    assert statuses["adaptiveCard/action with a list"] == 400
    assert statuses["somethingNew with an odd object"] == 400
