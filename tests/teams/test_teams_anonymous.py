"""Anonymous answers in Teams: a channel message or thread reply is shared (refused, nothing
stored), a personal chat and a card's submission are private (taken)."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity
from sqlalchemy import func, select

from adapters.teams.translate import CONTEXT_KEY, FORM_KEY, origin_of
from bot.stores.tables.huddle import AnonymousAnswer
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import Endpoint
from tests.teams.test_teams_turns import run


def _answers(runtime: Any) -> int:
    with runtime.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(AnonymousAnswer)) or 0)


def test_mood_typed_in_the_channel_is_refused_and_not_stored(runtime, connector) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))
        typed = act.message(connector.url, "huddle falls 1, mood 2", act.NURSE, in_channel=True)
        await endpoint.post(typed)
        reply = act.message(connector.url, "mood 2", act.NURSE, in_channel=True, thread="m1")
        await endpoint.post(reply)

    run(runtime, steps)
    said = connector.texts()[1:]
    assert any("falls 1" in t and "mood" not in t.lower() for t in said)
    assert sum("Mood is anonymous" in t for t in said) == 1  # the thread reply is not an answer
    assert not any("2" in t for t in said if "Mood is anonymous" in t)
    assert _answers(runtime) == 0


def test_a_personal_chat_and_a_card_in_the_channel_take_it(
    runtime, connector: FakeConnector
) -> None:
    async def steps(endpoint: Endpoint) -> None:
        await endpoint.post(act.message(connector.url, "huddle link ward-7", in_channel=True))
        await endpoint.post(act.message(connector.url, "mood 4", act.NURSE))
        value = {FORM_KEY: "huddle", CONTEXT_KEY: "ward-7|2027-03-01", "mood": 3}
        await endpoint.post(act.card_submit(connector.url, value, "m9", in_channel=True))

    run(runtime, steps)
    personal = [c for c in connector.sent() if c.conversation.startswith("a:personal")]
    assert any("Your mood answer is in" in (c.body.get("text") or "") for c in personal)
    assert _answers(runtime) == 2


def test_the_private_flag_follows_the_conversation_type() -> None:
    def origin(conversation: dict[str, Any]) -> bool:
        activity = act.message("http://127.0.0.1:1", "mood 4", act.NURSE)
        activity["conversation"] = conversation
        return origin_of(Activity().deserialize(activity)).private

    assert origin(act.personal_chat(act.NURSE)) is True
    assert origin(act.channel()) is False
    assert origin(act.channel(thread="m1")) is False
    group = {"id": "19:group@thread.v2", "conversationType": "groupChat", "tenantId": act.TENANT}
    assert origin(group) is False
    assert origin({"id": "19:ward7general@thread.tacv2"}) is False  # no type: not assumed private
    assert origin({"id": "a:1xyz"}) is True  # a personal chat's id, even without its type
