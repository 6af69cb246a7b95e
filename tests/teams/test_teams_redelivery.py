"""Teams may post the same activity again (after a timeout on its side): the copy is recognised by
its conversation and id and handled once, whoever's process it reaches."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import func, select

from bot.stores.tables.core import Reading
from bot.stores.tables.ideas import Idea
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.test_teams_turns import cards, run, submit_data


def _count(runtime: Any, table: Any) -> int:
    with runtime.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_a_message_delivered_twice_posts_one_idea(runtime, connector: FakeConnector) -> None:
    ideas = _count(runtime, Idea)
    post = act.message(connector.url, "idea Night lights in bay 2")

    async def steps(endpoint) -> list[int]:  # type: ignore[no-untyped-def]
        first, _ = await endpoint.post(post)
        again, _ = await endpoint.post(copy.deepcopy(post))
        return [first, again]

    assert run(runtime, steps) == [201, 201]  # Teams is told both went well
    assert _count(runtime, Idea) == ideas + 1
    assert len([t for t in connector.texts() if "Night lights" in t]) <= 1
    assert len(connector.sent()) == 1


def test_the_same_id_in_another_conversation_is_a_different_activity(runtime, connector) -> None:
    ideas = _count(runtime, Idea)
    in_chat = act.message(connector.url, "idea Quiet hour after lunch")
    from_nurse = act.message(connector.url, "idea Quiet hour after lunch", act.NURSE)
    from_nurse["id"] = in_chat["id"]  # ids are unique only within a conversation

    async def steps(endpoint) -> None:  # type: ignore[no-untyped-def]
        await endpoint.post(in_chat)
        await endpoint.post(from_nurse)

    run(runtime, steps)
    assert _count(runtime, Idea) == ideas + 2


def test_a_card_submitted_twice_records_the_huddle_once(runtime, connector) -> None:
    readings = _count(runtime, Reading)

    async def steps(endpoint) -> None:  # type: ignore[no-untyped-def]
        await endpoint.post(act.message(connector.url, "huddle"))
        form_call = connector.sent()[-1]
        form = cards(form_call)[0]
        data = {**submit_data(form, form["actions"][0]["title"]), "falls": "1", "staffing": "90"}
        submitted = act.card_submit(connector.url, data, form_call.new_id)
        await endpoint.post(submitted)
        await endpoint.post(copy.deepcopy(submitted))

    run(runtime, steps)
    _, confirmation = connector.sent()  # the form, then the form turned into the confirmation
    assert "Recorded" in confirmation.body["text"]
    assert _count(runtime, Reading) - readings == 2  # falls and staffing, once each


def test_a_repeated_message_extension_submit_is_answered_but_posts_once(runtime, connector) -> None:
    ideas = _count(runtime, Idea)
    submit = act.compose_extension(
        connector.url,
        "composeExtension/submitAction",
        {"commandId": "postIdea", "commandContext": "compose", "data": {"idea": "Sock check"}},
    )

    async def steps(endpoint) -> list[int]:  # type: ignore[no-untyped-def]
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))
        first, _ = await endpoint.post(submit)
        again, _ = await endpoint.post(copy.deepcopy(submit))
        return [first, again]

    assert run(runtime, steps) == [200, 200]
    assert _count(runtime, Idea) == ideas + 1
