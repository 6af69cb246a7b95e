"""Slash commands through the real Bolt app, over HTTP, with replies to the fake Slack."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from tests.slack.conftest import SECRET, WARD_7


def command(
    server,
    slack: FakeSlack,
    line: str,
    user: str = "U0NURSE",  # type: ignore[no-untyped-def]
    channel: str = WARD_7,
    secret: str = SECRET,
    age: float = 0.0,
):
    name, _, rest = line.partition(" ")
    url = slack.response_url()
    body = slash_command(
        name, rest, user=user, channel=channel, response_url=url, trigger_id=slack.trigger()
    )
    status, _ = server.post(body, signed(body, secret, age))
    return status, url


def audit_rows(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(text("select count(*) from audit")).scalar_one()


def test_help_is_acknowledged_at_once_and_answered_only_to_the_asker(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    status, url = command(server, slack_api, "/huddle help")
    assert status == 200
    assert time.monotonic() - started < 3.0

    [reply] = slack_api.wait_for_response(url)
    assert reply["response_type"] == "ephemeral"
    assert "huddle" in reply["text"].lower()
    assert slack_api.posted() == []


def test_a_forged_signature_is_refused_and_nothing_happens(server, slack_api, runtime) -> None:  # type: ignore[no-untyped-def]
    before = audit_rows(runtime)
    status, url = command(
        server, slack_api, "/huddle link ward-7", user="U0LEAD", secret="not-the-signing-secret"
    )
    assert status == 401
    time.sleep(0.3)
    assert slack_api.responses_to(url) == [] and slack_api.posted() == []
    assert audit_rows(runtime) == before


def test_a_request_signed_301_seconds_ago_is_refused(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    status, url = command(server, slack_api, "/huddle link ward-7", user="U0LEAD", age=301)
    assert status == 401
    time.sleep(0.3)
    assert slack_api.responses_to(url) == [] and slack_api.posted() == []


def test_a_team_lead_links_the_channel_and_the_team_sees_it(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    status, _ = command(server, slack_api, "/huddle link ward-7", user="U0LEAD")
    assert status == 200

    slack_api.wait_for("chat.postMessage")
    [said] = slack_api.posted(WARD_7)
    assert "huddle channel" in said["text"]


def test_a_nurse_cannot_link_a_channel(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    _, url = command(server, slack_api, "/huddle link ward-7", user="U0NURSE")

    [reply] = slack_api.wait_for_response(url)
    assert "team lead" in reply["text"]
    assert slack_api.posted() == []


def test_someone_huddlebot_does_not_know_is_told_whom_to_ask(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    _, url = command(server, slack_api, "/huddle link ward-7", user="U0STRANGER")

    [reply] = slack_api.wait_for_response(url)
    assert "don't know you" in reply["text"]


def test_in_a_channel_without_the_bot_the_person_is_asked_to_invite_it(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    _, url = command(server, slack_api, "/huddle link ward-7", user="U0LEAD", channel="C0OTHER")

    [reply] = slack_api.wait_for_response(url)
    assert "/invite @Huddlebot" in reply["text"]
    assert "huddle channel" in reply["text"]  # and they still see the answer


@pytest.mark.own_database("the database file's folder is moved away")
def test_with_the_database_down_the_reply_says_it_was_not_saved(  # type: ignore[no-untyped-def]
    server, slack_api, runtime
) -> None:
    if not runtime.db.is_sqlite:
        pytest.skip("takes the database away by moving its file")
    runtime.db.dispose()
    folder = Path(str(runtime.db.engine.url.database)).parent  # the database file's own folder
    moved = folder.with_name(folder.name + "-gone")
    folder.rename(moved)  # the database file's folder vanishes: nothing can connect
    url = slack_api.response_url()
    body = slash_command(
        "/huddle", "link ward-7", user="U0LEAD", channel=WARD_7, response_url=url, trigger_id="1"
    )
    try:  # the request cannot even be stored: the acknowledgement itself says so
        status, ack = server.post(body, signed(body, SECRET))
    finally:
        moved.rename(folder)
    assert status == 200 and "NOT saved" in ack
    assert slack_api.posted() == []


def test_the_core_can_run_in_its_own_process_and_still_answer(runtime, settings, slack_api) -> None:  # type: ignore[no-untyped-def]
    from huddlebot.core_pool import ProcessCore
    from tests.slack.server import RunningSlack

    core = ProcessCore(settings, workers=1)
    try:
        with RunningSlack(runtime, settings, core=core) as server:
            _, url = command(server, slack_api, "/huddle link ward-7", user="U0LEAD")
            slack_api.wait_for("chat.postMessage", timeout=20)
    finally:
        core.close()
    assert "huddle channel" in slack_api.posted(WARD_7)[0]["text"]
    with runtime.db.engine.connect() as connection:
        linked = connection.execute(
            text("select owner_kind from addresses where conversation = :c"), {"c": WARD_7}
        ).scalar_one()
    assert linked == "team"


def test_when_the_response_url_has_expired_the_reply_is_posted_ephemerally(
    server, slack_api
) -> None:  # type: ignore[no-untyped-def]
    url = slack_api.response_url()
    slack_api.expire(url)
    body = slash_command("/huddle", "help", user="U0NURSE", channel=WARD_7, response_url=url)
    assert server.post(body, signed(body, SECRET))[0] == 200

    [note] = slack_api.wait_for("chat.postEphemeral")
    assert note.params["user"] == "U0NURSE" and "huddle" in note.params["text"].lower()
