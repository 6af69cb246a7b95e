"""The idea modal in Slack, submitted with a disguised patient identifier in "why": the modal
shows the refusal beside the field, nothing is stored and nothing reaches the channel."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest
from sqlalchemy import text

from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command, view_submission
from tests.slack.conftest import SECRET, WARD_7
from tests.slack.modal import errors_shown


def _ideas(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return int(connection.execute(text("select count(*) from ideas")).scalar_one())


def _open_idea_form(server, slack: FakeSlack) -> dict:  # type: ignore[no-untyped-def]
    url = slack.response_url()
    body = slash_command("/huddle", "link ward-7", user="U0LEAD", channel=WARD_7, response_url=url)
    server.post(body, signed(body, SECRET))
    slack.wait_for("chat.postMessage")
    body = slash_command(
        "/idea", "", user="U0NURSE", channel=WARD_7, response_url=url, trigger_id=slack.trigger()
    )
    assert server.post(body, signed(body, SECRET))[0] == 200
    [opened] = slack.wait_for("views.open")
    return opened.params["view"]


@pytest.mark.parametrize(
    ("why", "kind"),
    [
        ("Mrs B, 943\u2013476\u20135919, slipped", "NHS number"),
        ("Mr Smith (12/03/1948) fell", "date of birth"),
        ("hospital no. K123456 fell twice", "hospital number"),
    ],
)
def test_a_patient_identifier_in_the_idea_modal_is_refused_in_the_modal(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
    why: str,
    kind: str,
) -> None:
    view = _open_idea_form(server, slack_api)
    ideas, posts = _ideas(runtime), len(slack_api.calls_to("chat.postMessage"))

    body = view_submission(view, {"what": "Sensor mats", "why": why}, user="U0NURSE")
    status, ack = server.post(body, signed(body, SECRET))

    assert status == 200
    shown = errors_shown(ack, slack_api)
    assert kind in shown["why"] and why not in json.dumps(shown) and why not in ack
    time.sleep(0.5)  # anything the bot would post after the ack has been posted by now
    assert _ideas(runtime) == ideas
    assert len(slack_api.calls_to("chat.postMessage")) == posts


def test_the_same_modal_with_ordinary_text_posts_the_idea(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    view = _open_idea_form(server, slack_api)
    ideas = _ideas(runtime)
    body = view_submission(view, {"what": "Sensor mats", "why": "3 falls in bay 4"}, user="U0NURSE")
    status, ack = server.post(body, signed(body, SECRET))
    assert status == 200 and "errors" not in ack
    deadline = time.monotonic() + 10
    while _ideas(runtime) == ideas and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ideas(runtime) == ideas + 1


def test_a_late_refusal_reopens_the_modal_without_the_identifier(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    from adapters.slack import views
    from bot.messages import FormErrors

    view = _open_idea_form(server, slack_api)
    typed = "Mrs B 943 476 5919 slipped"
    body = json.loads(
        parse_qs(view_submission(view, {"what": "Sensor mats", "why": typed}, user="U0NURSE"))[
            "payload"
        ][0]
    )
    refusal = FormErrors("idea.new", (("why", "It looks like it contains an NHS number."),))
    kept = views.reopened(body["view"], refusal)
    assert typed in json.dumps(kept)  # an ordinary error keeps what was typed
    withheld = views.reopened(
        body["view"], FormErrors(**{**refusal.__dict__, "withheld": ("why",)})
    )
    assert "5919" not in json.dumps(withheld) and "NHS number" in json.dumps(withheld)
    assert "Sensor mats" in json.dumps(withheld)  # the other fields are kept


def test_a_huddle_answer_in_the_prompts_thread_is_refused_with_an_ephemeral(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    from fakes.slack_requests import JSON, event_callback, message
    from tests.slack.test_slack_huddle import post_prompt

    prompt = post_prompt(server, runtime, slack_api)
    before = len(slack_api.calls_to("chat.postMessage"))
    typed = "falls 1, staffing 92% (bay 2: 943\u00a0476\u200b5919)"
    body = event_callback(message(typed, user="U0NURSE", channel=WARD_7, thread_ts=prompt["ts"]))
    assert server.post(body, signed(body, SECRET, content_type=JSON))[0] == 200
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert refused.params["user"] == "U0NURSE" and "NHS number" in refused.params["text"]
    assert "5919" not in refused.params["text"]
    time.sleep(0.5)
    assert len(slack_api.calls_to("chat.postMessage")) == before  # nothing said in the thread
    with runtime.db.engine.connect() as connection:
        # the demo's own readings: its history, and the measure its API feed fills
        typed = "select count(*) from readings where source not in ('demo', 'api')"
        readings = connection.execute(text(typed))
        assert readings.scalar_one() == 0
