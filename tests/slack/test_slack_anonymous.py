"""Anonymous answers in Slack: a thread reply or channel message is shared (refused with an
ephemeral), a direct message and the modal are private (taken; only the giver hears)."""

from __future__ import annotations

import json

from sqlalchemy import text

from adapters.slack.translate import command, said
from fakes.slack_api import FakeSlack
from fakes.slack_requests import JSON, event_callback, message, signed, view_submission
from tests.slack.conftest import SECRET, WARD_7
from tests.slack.test_slack_huddle import open_record_form, post_prompt


def _answers(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(text("select count(*) from huddle_anonymous_answers")).scalar()


def _send(server, event: dict) -> None:  # type: ignore[no-untyped-def]
    body = event_callback(event)
    assert server.post(body, signed(body, SECRET, content_type=JSON))[0] == 200


def _mood_input(view: dict) -> str:
    return next(
        b["block_id"] for b in view["blocks"] if "mood" in json.dumps(b.get("label", {})).lower()
    )


def test_mood_in_the_prompts_thread_is_refused_with_an_ephemeral_and_not_stored(
    server,
    runtime,
    slack_api: FakeSlack,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    before = len(slack_api.calls_to("chat.postMessage"))
    _send(
        server, message("falls 1, mood 2", user="U0NURSE", channel=WARD_7, thread_ts=prompt["ts"])
    )
    [confirmed] = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    assert confirmed.params["thread_ts"] == prompt["ts"]
    assert "falls 1" in confirmed.params["text"] and "mood" not in confirmed.params["text"].lower()
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert refused.params["user"] == "U0NURSE" and refused.params["channel"] == WARD_7
    assert "Mood is anonymous" in refused.params["text"]
    assert "direct message to me" in refused.params["text"]
    assert _answers(runtime) == 0


def test_a_direct_message_and_the_modal_are_private_routes(
    server,
    runtime,
    slack_api: FakeSlack,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    in_channel = len(slack_api.posted(WARD_7))
    before = len(slack_api.calls_to("chat.postMessage"))
    _send(server, message("mood 4", user="U0NURSE", channel="D0NURSE", channel_type="im"))
    [dm] = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    assert _answers(runtime) == 1
    assert dm.params["channel"] == "D0NURSE" and "Your mood answer is in" in dm.params["text"]

    view = open_record_form(server, slack_api, prompt)
    body = view_submission(view, {_mood_input(view): "3"}, user="U0LEAD")
    status, ack = server.post(body, signed(body, SECRET))
    if "Saving" in ack:  # a busy machine: the modal is updated when the core answers
        ack = json.dumps(slack_api.wait_for("views.update")[-1].params["view"])
    assert status == 200 and "Your mood answer is in" in ack  # said in the modal itself
    assert _answers(runtime) == 2
    assert len(slack_api.posted(WARD_7)) == in_channel  # nothing said in the channel


def test_the_private_flag_follows_the_conversation_not_the_words() -> None:
    from datetime import UTC, datetime

    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    base = {"team_id": "T1", "user_id": "U1", "command": "/huddle", "text": "mood 4"}
    assert command({**base, "channel_id": WARD_7}, now).origin.private is False
    assert command({**base, "channel_id": "D0NURSE"}, now).origin.private is True
    assert command({**base, "channel_id": "G0GROUPDM"}, now).origin.private is False
    thread = said(message("mood 4", user="U1", channel=WARD_7, thread_ts="1.1"), "T1", "U0BOT", now)
    dm = said(message("mood 4", user="U1", channel="D0NURSE", channel_type="im"), "T1", "", now)
    group = said(
        message("<@U0BOT> mood 4", user="U1", channel="G0X", channel_type="mpim"),
        "T1",
        "U0BOT",
        now,
    )
    assert thread is not None and thread.origin.private is False
    assert dm is not None and dm.origin.private is True
    assert group is not None and group.origin.private is False
