"""The daily huddle in Slack: the prompt in the team's channel, answers typed in its thread,
and the Record button's modal with inline errors for an impossible value."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from zoneinfo import ZoneInfo

from sqlalchemy import text

from bot.schedule.due import Due
from fakes.slack_api import FakeSlack
from fakes.slack_requests import (
    JSON,
    block_actions,
    event_callback,
    message,
    signed,
    slash_command,
    view_submission,
)
from tests.slack.conftest import SECRET, WARD_7
from tests.slack.modal import errors_shown


def post_prompt(server, runtime, slack: FakeSlack) -> dict:  # type: ignore[no-untyped-def]
    """Link the channel, then post today's prompt as the scheduler's outbox would."""
    url = slack.response_url()
    body = slash_command("/huddle", "link ward-7", user="U0LEAD", channel=WARD_7, response_url=url)
    server.post(body, signed(body, SECRET))
    slack.wait_for("chat.postMessage")
    with runtime.db.engine.connect() as connection:
        team_id = connection.execute(text("select id from teams where key = 'ward-7'")).scalar()
    now = runtime.clock.now()
    day = now.astimezone(ZoneInfo("Europe/London")).date()
    due = Due("huddle.prompt", team_id, "ward-7", day, "08:00", now)

    async def deliver() -> None:
        for post in runtime.bot.compose(due):
            posted = await runtime.platforms["slack"].send(post)
            runtime.bot.delivered(post, posted, now)

    asyncio.run(deliver())
    return [
        m
        for m in slack.posted(WARD_7)
        if m.get("blocks") and any(b["type"] == "actions" for b in m["blocks"])
    ][-1]


def buttons(prompt: dict) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for b in prompt["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


def test_an_answer_typed_in_the_prompts_thread_is_recorded_and_confirmed_there(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    example = re.search(r"e\.g\. `([^`]+)`", prompt["text"]).group(1)  # type: ignore[union-attr]
    before = len(slack_api.calls_to("chat.postMessage"))

    reply = message(example, user="U0NURSE", channel=WARD_7, thread_ts=prompt["ts"])
    body = event_callback(reply)
    assert server.post(body, signed(body, SECRET, content_type=JSON))[0] == 200

    calls = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    in_thread = [c.params for c in calls if c.params.get("thread_ts") == prompt["ts"]]
    assert in_thread, [c.params.get("text") for c in calls]
    assert "Recorded" in in_thread[0]["text"] or "recorded" in in_thread[0]["text"]


def open_record_form(server, slack: FakeSlack, prompt: dict) -> dict:  # type: ignore[no-untyped-def]
    context = buttons(prompt)["open:huddle"]
    body = block_actions(
        "open:huddle",
        context,
        user="U0NURSE",
        channel=WARD_7,
        message_ts=prompt["ts"],
        response_url=slack.response_url(),
        trigger_id=slack.trigger(),
    )
    assert server.post(body, signed(body, SECRET))[0] == 200
    [opened] = slack.wait_for("views.open")
    return opened.params["view"]


def test_an_impossible_value_is_shown_beside_its_field_and_not_saved(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    view = open_record_form(server, slack_api, prompt)
    bounded = [
        b
        for b in view["blocks"]
        if b["type"] == "input"
        and b["element"]["type"] == "number_input"
        and "max_value" in b["element"]
    ]
    field = bounded[0]
    too_many = str(int(float(field["element"]["max_value"])) + 1)

    body = view_submission(view, {field["block_id"]: too_many}, user="U0NURSE")
    status, ack = server.post(body, signed(body, SECRET))

    assert status == 200
    assert field["block_id"] in errors_shown(ack, slack_api)
    with runtime.db.engine.connect() as connection:
        readings = connection.execute(
            text("select count(*) from readings where source not in ('demo', 'api')")
        ).scalar_one()
    assert readings == 0


def test_a_valid_form_closes_with_a_confirmation_in_the_prompts_thread(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    view = open_record_form(server, slack_api, prompt)
    numbers = [
        b for b in view["blocks"] if b["type"] == "input" and b["element"]["type"] == "number_input"
    ]
    values = {b["block_id"]: b["element"].get("min_value", "1") for b in numbers}
    before = len(slack_api.calls_to("chat.postMessage"))

    body = view_submission(view, values, user="U0NURSE")
    status, ack = server.post(body, signed(body, SECRET))

    assert status == 200
    assert "errors" not in ack
    calls = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    assert any(c.params.get("thread_ts") == prompt["ts"] for c in calls)


def hold_the_database(runtime, seconds: float) -> threading.Thread:  # type: ignore[no-untyped-def]
    """Another writer holds the database for `seconds`: every save has to wait."""
    ready = threading.Event()

    def hold() -> None:
        if runtime.db.is_sqlite:
            connection = sqlite3.connect(runtime.db.url.removeprefix("sqlite:///"))
            connection.execute("BEGIN IMMEDIATE")
        else:
            connection = runtime.db.engine.raw_connection()
            connection.cursor().execute("LOCK TABLE readings IN ACCESS EXCLUSIVE MODE")
        ready.set()
        time.sleep(seconds)
        connection.rollback()
        connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    ready.wait(5)
    return holder


def test_a_slow_save_shows_saving_at_once_then_the_result_in_the_modal(
    server,
    runtime,
    slack_api,  # type: ignore[no-untyped-def]
) -> None:
    prompt = post_prompt(server, runtime, slack_api)
    view = open_record_form(server, slack_api, prompt)
    numbers = [
        b for b in view["blocks"] if b["type"] == "input" and b["element"]["type"] == "number_input"
    ]
    values = {b["block_id"]: b["element"].get("min_value", "1") for b in numbers}
    holder = hold_the_database(runtime, 1.0)
    before = len(slack_api.calls_to("chat.postMessage"))

    body = view_submission(view, values, user="U0NURSE")
    started = time.monotonic()
    status, ack = server.post(body, signed(body, SECRET))
    acked_in = time.monotonic() - started

    if runtime.db.is_sqlite:
        # One writer holds the whole SQLite file: the submission itself waits to be stored in
        # the inbox before the ack (still well inside Slack's 3 s), and the save follows at once.
        assert status == 200 and acked_in < 2.5
        assert "errors" not in ack  # saved in time: the modal simply closes
    else:  # only the readings are locked: the request is stored and acked at once
        assert status == 200 and acked_in < 0.9
        assert json.loads(ack)["response_action"] == "update" and "Saving" in ack
        [updated] = slack_api.wait_for("views.update")
        assert updated.params["view_id"] == "V0MODAL"
        result = json.dumps(updated.params["view"])
        # The core's own private answer replaces "Saving…" (the form holds an anonymous mood).
        assert "Saving" not in result and "Your mood answer is in, anonymously" in result
    calls = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    assert any(c.params.get("thread_ts") == prompt["ts"] for c in calls)  # and the team sees it
    holder.join()
