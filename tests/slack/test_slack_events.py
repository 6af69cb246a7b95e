"""Events API callbacks and buttons through the real Bolt app over HTTP."""

from __future__ import annotations

import time

from fakes.slack_api import FakeSlack
from fakes.slack_requests import JSON, block_actions, event_callback, message, signed
from tests.slack.conftest import SECRET, WARD_7


def deliver(server, event: dict, event_id: str = "", retry: int = 0):  # type: ignore[no-untyped-def]
    body = event_callback(event, event_id=event_id)
    headers = signed(body, SECRET, content_type=JSON)
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return server.post(body, headers)


def test_a_retried_event_is_answered_once(server, slack_api: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    dm = message("help", user="U0NURSE", channel="D0NURSE", channel_type="im")
    assert deliver(server, dm, event_id="Ev0HELP1")[0] == 200
    assert deliver(server, dm, event_id="Ev0HELP1", retry=1)[0] == 200
    assert deliver(server, dm, event_id="Ev0HELP1", retry=2)[0] == 200

    slack_api.wait_for("chat.postMessage")
    time.sleep(0.3)
    assert len(slack_api.posted("D0NURSE")) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_answered(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    dm = message("help", user="U0NURSE", channel="D0NURSE", channel_type="im")
    assert deliver(server, dm, event_id="Ev0LOST1", retry=1)[0] == 200

    slack_api.wait_for("chat.postMessage")
    assert len(slack_api.posted("D0NURSE")) == 1


def test_a_direct_message_is_answered_in_the_direct_message(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    deliver(server, message("help", user="U0NURSE", channel="D0NURSE", channel_type="im"))

    slack_api.wait_for("chat.postMessage")
    [reply] = slack_api.posted("D0NURSE")
    assert "idea" in reply["text"]


def test_a_slash_command_typed_in_a_thread_gets_use_it_in_the_channel(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    typed = message(
        "/huddle chart falls", user="U0NURSE", channel=WARD_7, thread_ts="1700000000.000100"
    )
    deliver(server, typed)

    [note] = slack_api.wait_for("chat.postEphemeral")
    assert note.params["user"] == "U0NURSE"
    assert note.params["thread_ts"] == "1700000000.000100"
    assert "in the channel" in note.params["text"]


def test_channel_chatter_is_none_of_the_bots_business(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    deliver(server, message("help", user="U0NURSE", channel=WARD_7))
    time.sleep(0.5)
    assert slack_api.calls_to("chat.postMessage") == []
    assert slack_api.calls_to("chat.postEphemeral") == []


def test_the_bot_added_to_a_channel_says_hello_there(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    added = {
        "type": "member_joined_channel",
        "user": "U0BOT",
        "channel": WARD_7,
        "channel_type": "C",
        "team": "T0TRUST",
        "inviter": "U0LEAD",
    }
    deliver(server, added)

    slack_api.wait_for("chat.postMessage")
    [hello] = slack_api.posted(WARD_7)
    assert "huddle link" in hello["text"]


def test_a_person_joining_a_channel_is_not_welcomed_by_the_bot(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    joined = {
        "type": "member_joined_channel",
        "user": "U0NURSE",
        "channel": WARD_7,
        "channel_type": "C",
        "team": "T0TRUST",
    }
    deliver(server, joined)
    time.sleep(0.5)
    assert slack_api.calls_to("chat.postMessage") == []


def test_a_button_the_core_no_longer_knows_is_answered_not_ignored(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    url = slack_api.response_url()
    body = block_actions(
        "open:retired-form",
        "ctx",
        user="U0NURSE",
        channel=WARD_7,
        message_ts="1700000000.000100",
        response_url=url,
        trigger_id=slack_api.trigger(),
    )
    assert server.post(body, signed(body, SECRET))[0] == 200

    [reply] = slack_api.wait_for_response(url)
    assert "no longer available" in reply["text"]
