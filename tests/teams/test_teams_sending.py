"""Proactive sends to stored conversation references, and what the outbox learns when Teams
says no: 429/412/502/504 are worth retrying (after Retry-After), 403/404 are not."""

from __future__ import annotations

import asyncio
import json

import pytest

from adapters.teams import TeamsSettings, teams_platform
from adapters.teams.platform import TeamsPlatform
from bot.messages import Address, Edit, Post, Posted, Text
from bot.ports import DeliveryFailed
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector


def reference(service_url: str) -> str:
    return json.dumps(
        {
            "bot": {"id": act.BOT_ID, "name": "Huddlebot"},
            "channelId": "msteams",
            "conversation": {"id": act.WARD_7_CHANNEL, "conversationType": "channel"},
            "serviceUrl": service_url,
        }
    )


def platform() -> TeamsPlatform:
    return teams_platform(TeamsSettings(insecure_dev=True))


def post(service_url: str, text: str = "Huddle in 5 minutes", thread: str | None = None) -> Post:
    to = Address("teams", act.TENANT, act.WARD_7_CHANNEL, thread, None, reference(service_url))
    return Post(to, Text(text), key="huddle.prompt:ward-7:2027-03-01")


def test_a_post_reaches_the_stored_channel(connector: FakeConnector) -> None:
    posted = asyncio.run(platform().send(post(connector.url)))
    (sent,) = connector.sent()
    assert sent.conversation == act.WARD_7_CHANNEL and sent.method == "POST"
    assert sent.body["text"] == "Huddle in 5 minutes"
    assert posted == Posted("teams", act.WARD_7_CHANNEL, sent.new_id)


def test_a_post_in_a_thread_goes_into_that_thread(connector: FakeConnector) -> None:
    asyncio.run(platform().send(post(connector.url, thread="1700")))
    assert connector.sent()[0].conversation == f"{act.WARD_7_CHANNEL};messageid=1700"


def test_a_sent_message_can_be_edited(connector: FakeConnector) -> None:
    async def scenario() -> None:
        teams = platform()
        posted = await teams.send(post(connector.url))
        await teams.edit(Edit(posted, Text("Recorded: falls 2")))

    asyncio.run(scenario())
    first, update = connector.sent()
    assert update.method == "PUT" and update.activity_id == first.new_id
    assert update.body["text"] == "Recorded: falls 2"


@pytest.mark.parametrize(
    ("status", "code", "kind", "reason", "wait"),
    [
        (429, "", "rate_limited", "http_429", 7.0),
        (412, "", "transient", "precondition_failed", None),
        (502, "", "transient", "http_502", None),
        (504, "", "transient", "http_504", 3.0),
        (403, "MessageWritesBlocked", "permanent", "MessageWritesBlocked", None),
        (404, "ConversationNotFound", "permanent", "ConversationNotFound", None),
    ],
)
def test_refusals_are_classified_for_the_outbox(
    connector: FakeConnector, status: int, code: str, kind: str, reason: str, wait: float | None
) -> None:
    connector.fail(status, retry_after=wait, code=code)
    with pytest.raises(DeliveryFailed) as failure:
        asyncio.run(platform().send(post(connector.url)))
    assert (failure.value.kind, failure.value.reason) == (kind, reason)
    assert failure.value.retry_after == wait
    assert connector.sent() == []  # one attempt only: retrying is the outbox's job


def test_an_unreachable_connector_is_worth_retrying() -> None:
    with FakeConnector() as gone:
        url = gone.url
    with pytest.raises(DeliveryFailed) as failure:
        asyncio.run(platform().send(post(url)))
    assert failure.value.kind == "transient"


def test_a_team_never_reached_has_no_reference() -> None:
    to = Address("teams", act.TENANT, act.WARD_7_CHANNEL)
    with pytest.raises(DeliveryFailed) as failure:
        asyncio.run(platform().send(Post(to, Text("hello"))))
    assert failure.value.kind == "permanent"


def test_a_message_sent_by_another_process_can_be_edited(connector: FakeConnector) -> None:
    async def scenario() -> None:
        teams = platform()
        await teams.send(post(connector.url))  # this process knows the tenant's service URL
        elsewhere = Posted("teams", "a:personal-chat-of-the-nurse", "1699")
        await teams.edit(Edit(elsewhere, Text("Recorded: falls 2")))

    asyncio.run(scenario())
    update = connector.sent()[-1]
    assert (update.method, update.conversation, update.activity_id) == (
        "PUT",
        "a:personal-chat-of-the-nurse",
        "1699",
    )


def test_an_edit_with_nothing_known_is_not_retried() -> None:
    with pytest.raises(DeliveryFailed) as failure:
        asyncio.run(platform().edit(Edit(Posted("teams", "x", "1"), Text("Recorded"))))
    assert failure.value.kind == "permanent"
