"""Whole turns through `/api/messages`: Teams activities in, the real core, Teams replies out
(to a fake Bot Connector on loopback)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.teams import TeamsSettings
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector, Sent
from tests.teams.conftest import Endpoint, serving

INSECURE = TeamsSettings(insecure_dev=True)


def run(runtime: Any, steps: Callable[[Endpoint], Awaitable[Any]]) -> Any:
    async def scenario() -> Any:
        async with serving(runtime, INSECURE) as endpoint:
            return await steps(endpoint)

    return asyncio.run(scenario())


def cards(call: Sent) -> list[dict[str, Any]]:
    return [
        a["content"]
        for a in call.body.get("attachments") or []
        if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
    ]


def card_text(card: dict[str, Any]) -> str:
    return " ".join(item.get("text", "") for item in card["body"] if item["type"] == "TextBlock")


def submit_data(card: dict[str, Any], title: str) -> dict[str, Any]:
    """The data of the card's Action.Submit called `title` (what Teams would send back)."""
    return next(a["data"] for a in card["actions"] if a["title"] == title)


def test_install_into_a_team_is_welcomed_once(runtime, connector: FakeConnector) -> None:
    async def steps(endpoint: Endpoint) -> list[int]:
        return [
            (await endpoint.post(act.installed(connector.url)))[0],
            (await endpoint.post(act.bot_added(connector.url)))[0],
        ]

    assert run(runtime, steps) == [201, 201]
    sent = connector.sent()
    assert len(sent) == 1
    assert sent[0].conversation == act.WARD_7_CHANNEL
    assert "huddle link" in sent[0].body["text"]


def test_a_channel_is_linked_by_its_team_lead_only(runtime, connector: FakeConnector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(
            act.message(connector.url, "huddle link ward-7", act.NURSE, in_channel=True)
        )
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))

    run(runtime, steps)
    refused, linked = connector.texts()
    assert "Ward 7's huddle channel" not in refused
    assert "Ward 7's huddle channel" in linked


def test_idea_with_a_mention_is_posted_and_can_be_supported(runtime, connector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))
        post = act.message(connector.url, "idea Use a red tray for falls risk", in_channel=True)
        await endpoint.post(post)
        idea_card = cards(connector.sent()[-1])[0]
        data = submit_data(idea_card, "Support")
        reply_to = connector.sent()[-1].conversation.partition(";messageid=")[2]
        await endpoint.post(
            act.card_submit(connector.url, data, reply_to, act.NURSE, in_channel=True)
        )

    run(runtime, steps)
    _, idea, support = connector.sent()
    assert "Use a red tray for falls risk" in card_text(cards(idea)[0])
    assert idea.conversation.startswith(act.WARD_7_CHANNEL + ";messageid=")  # in the thread
    assert "support" in (support.body.get("text") or card_text(cards(support)[0])).lower()


def test_leading_slash_and_plain_personal_chat_commands(runtime, connector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "/idea help"))
        await endpoint.post(act.message(connector.url, "idea help"))

    run(runtime, steps)
    with_slash, without = connector.texts()
    assert with_slash == without
    assert "idea" in with_slash


def test_unknown_people_are_told_whom_to_ask(runtime, connector: FakeConnector) -> None:
    run(
        runtime,
        lambda endpoint: endpoint.post(
            act.message(connector.url, "idea Fix the door", act.STRANGER)
        ),
    )
    (answer,) = connector.texts()
    assert "Fix the door" not in answer
    assert "ask" in answer.lower() or "admin" in answer.lower()


def test_huddle_card_checks_values_and_becomes_recorded(runtime, connector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "huddle"))
        form_call = connector.sent()[-1]
        form = cards(form_call)[0]
        data = submit_data(form, form["actions"][0]["title"])
        bad = {**data, "falls": "2", "staffing": "250"}
        await endpoint.post(act.card_submit(connector.url, bad, form_call.new_id))
        errors_call = connector.sent()[-1]
        fixed = {
            **submit_data(cards(errors_call)[0], form["actions"][0]["title"]),
            "falls": "2",
            "staffing": "95",
        }
        await endpoint.post(act.card_submit(connector.url, fixed, errors_call.new_id))

    run(runtime, steps)
    form_call, errors_call, *rest = connector.sent()
    form = cards(form_call)[0]
    assert form["version"] == "1.5"
    falls = next(i for i in form["body"] if i.get("id") == "falls")
    assert falls["type"] == "Input.Number" and falls["min"] == 0 and "errorMessage" in falls
    errors = cards(errors_call)[0]
    red = [i["text"] for i in errors["body"] if i.get("color") == "Attention"]
    assert any("100" in text for text in red)  # the staffing limit is named
    staffing = next(i for i in errors["body"] if i.get("id") == "staffing")
    assert staffing["value"] == 250  # what they typed is kept
    (recorded,) = rest  # the submitted card itself becomes the confirmation
    assert (recorded.method, recorded.activity_id) == ("PUT", errors_call.new_id)
    assert "Recorded" in recorded.body["text"] and "staffing 95%" in recorded.body["text"]


def test_message_extension_posts_an_idea(runtime, connector: FakeConnector) -> None:
    async def steps(endpoint: Endpoint) -> tuple[Any, Any]:
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))
        fetch = act.compose_extension(
            connector.url,
            "composeExtension/fetchTask",
            {"commandId": "postIdea", "commandContext": "compose"},
        )
        dialog = await endpoint.post(fetch)
        submit = act.compose_extension(
            connector.url,
            "composeExtension/submitAction",
            {
                "commandId": "postIdea",
                "commandContext": "compose",
                "data": {"idea": "Move the hoist nearer bay 3"},
            },
        )
        return dialog, await endpoint.post(submit)

    (status, dialog), (submit_status, _) = run(runtime, steps)
    assert status == 200 and submit_status == 200
    box = dialog["task"]["value"]["card"]["content"]["body"][1]
    assert box["type"] == "Input.Text" and box["id"] == "idea"
    _, posted = connector.sent()
    assert "Move the hoist nearer bay 3" in card_text(cards(posted)[0])


def test_confirmation_is_said_anew_when_the_card_cannot_be_updated(runtime, connector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "huddle"))
        form_call = connector.sent()[-1]
        form = cards(form_call)[0]
        data = {**submit_data(form, form["actions"][0]["title"]), "falls": "0"}
        connector.fail(404, code="MessageNotFound")  # the card was deleted meanwhile
        await endpoint.post(act.card_submit(connector.url, data, form_call.new_id))

    run(runtime, steps)
    confirmation = connector.sent()[-1]
    assert confirmation.method == "POST" and "Recorded" in confirmation.body["text"]
