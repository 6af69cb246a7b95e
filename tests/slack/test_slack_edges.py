"""Slack's edges: malformed signature headers get a 401 (never a 500), unreadable modal metadata
a polite reply, a pinned workspace refuses requests naming none, a modal's workspace is the
payload's own, and no log line of a hostile run carries what was sent."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import pytest
from sqlalchemy import select, text

from adapters.slack import views
from bot.events import Origin
from bot.messages import Field, Form
from bot.stores.tables.core import Trust
from fakes.slack_requests import (
    JSON,
    event_callback,
    message,
    signed,
    slash_command,
    view_submission,
)
from tests.slack.conftest import SECRET, WARD_7

BAD_STAMPS = {
    "letters": "abc",
    "exponent": "1e12",
    "empty": "",
    "negative": "-1700000000",
    "superscript digit": "\u00b2",
    "fullwidth digits": "\uff11\uff17\uff10\uff10",
    "far future": "99999999999999999999",
    "spaces": " 1700000000 ",
}


def _wire(value: str) -> str:
    """A header value as its UTF-8 bytes on the wire (http.client sends latin-1)."""
    return value.encode().decode("latin-1")


def _signature(stamp: str, body: str) -> str:
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + digest.hexdigest()


def test_malformed_timestamps_and_signatures_get_401_never_a_500(server, slack_api) -> None:  # type: ignore[no-untyped-def]
    body = slash_command(
        "/idea",
        "a fine idea",
        user="U0NURSE",
        channel=WARD_7,
        response_url=slack_api.response_url(),
    )
    statuses = {}
    for name, stamp in BAD_STAMPS.items():
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": _wire(stamp),
            "X-Slack-Signature": _signature(stamp, body),  # signed, but over a bad timestamp
        }
        statuses[name] = server.post(body, headers)[0]
    fresh = str(int(time.time()))
    for name, signature in {
        "no signature": "",
        "not ascii": "v0=\u00e9\u00e9",
        "v1": "v1=00",
    }.items():
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": fresh,
            "X-Slack-Signature": _wire(signature),
        }
        statuses[name] = server.post(body, headers)[0]
    assert statuses == {name: 401 for name in statuses}
    assert slack_api.calls_to("chat.postMessage") == []


FORM = Form(form="idea.new", title="New idea", fields=(Field("what", "Your idea", "text"),))


def test_modal_metadata_nested_50000_deep_gets_a_polite_reply(server) -> None:  # type: ignore[no-untyped-def]
    view = views.modal(FORM, Origin("slack", "T0TRUST", WARD_7))
    view["private_metadata"] = "[" * 50_000 + "]" * 50_000
    body = view_submission(view, {"what": "anything"}, user="U0NURSE")

    status, answer = server.post(body, signed(body, SECRET))

    assert status == 200
    shown = json.loads(answer)
    assert shown["response_action"] == "update"
    assert "couldn't read that form" in json.dumps(shown["view"])


def _pin(runtime, workspace: str) -> None:  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        trust = session.scalar(select(Trust))
        settings = json.loads(trust.settings_json or "{}")
        settings["slack_workspace"] = workspace
        trust.settings_json = json.dumps(settings)


def _denials(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            text("select count(*) from audit where action = 'workspace' and outcome = 'denied'")
        ).scalar_one()


def _ideas(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(text("select count(*) from ideas")).scalar_one()


@pytest.mark.parametrize("team", ["", "T0TRUST"])
def test_a_pinned_workspace_refuses_a_command_naming_no_workspace(  # type: ignore[no-untyped-def]
    server, slack_api, runtime, team
) -> None:
    _pin(runtime, "T0TRUST")
    ideas = _ideas(runtime)
    url = slack_api.response_url()
    body = slash_command(
        "/idea", "Spare pumps in bay 1", user="U0NURSE", channel=WARD_7, response_url=url, team=team
    )

    assert server.post(body, signed(body, SECRET))[0] == 200
    [reply] = slack_api.wait_for_response(url)

    if team:  # the trust's own workspace still gets in
        assert "idea #" in reply["text"].lower() and _ideas(runtime) == ideas + 1
    else:
        assert "isn't connected" in reply["text"]
        assert _ideas(runtime) == ideas and _denials(runtime) == 1


def test_a_modal_takes_its_workspace_from_the_payload_not_its_metadata(  # type: ignore[no-untyped-def]
    server, runtime
) -> None:
    _pin(runtime, "T0TRUST")
    ideas = _ideas(runtime)
    view = views.modal(FORM, Origin("slack", "T0TRUST", WARD_7))  # metadata names the trust's
    body = view_submission(view, {"what": "Spare pumps in bay 1"}, user="U0NURSE", team="T0EVIL")

    status, answer = server.post(body, signed(body, SECRET))

    assert status == 200 and "isn't connected" in answer
    assert _ideas(runtime) == ideas and _denials(runtime) == 1


SENT = {
    "forged text": "Mrs Forged-Patient fell in bay 6",
    "forged url": "https://hooks.slack.invalid/commands/T0/forged-url-7731",
    "bad stamp text": "Mr Stampless was moved to ward 9",
    "unhandled event": "Unhandled-event gossip about bed 4",
    "thread chatter": "chatter-in-channel about Mr Quiet",
    "deep metadata": "deep-metadata-marker",
    "replayed text": "Replayed idea about hoist slings",
}


def test_no_log_line_of_a_hostile_run_carries_what_was_sent(  # type: ignore[no-untyped-def]
    server, slack_api, caplog
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    posts = []
    forged = slash_command(
        "/idea",
        SENT["forged text"],
        user="U0NURSE",
        channel=WARD_7,
        response_url=SENT["forged url"],
    )
    posts.append((forged, signed(forged, "not-the-secret")))
    stale = slash_command(
        "/idea", SENT["bad stamp text"], user="U0NURSE", channel=WARD_7, response_url="x"
    )
    posts.append((stale, {**signed(stale, SECRET), "X-Slack-Request-Timestamp": "1e12"}))
    unhandled = event_callback(
        {"type": "reaction_added", "user": "U0NURSE", "reaction": SENT["unhandled event"]}
    )
    posts.append((unhandled, signed(unhandled, SECRET, content_type=JSON)))
    chatter = event_callback(message(SENT["thread chatter"], user="U0NURSE", channel=WARD_7))
    posts.append((chatter, signed(chatter, SECRET, content_type=JSON)))
    view = views.modal(FORM, Origin("slack", "T0TRUST", WARD_7))
    view["private_metadata"] = '{"x": ' * 2000 + f'"{SENT["deep metadata"]}"' + "}" * 2000
    deep = view_submission(view, {"what": "x"}, user="U0NURSE")
    posts.append((deep, signed(deep, SECRET)))
    url = slack_api.response_url()
    idea = slash_command(
        "/idea", SENT["replayed text"], user="U0NURSE", channel=WARD_7, response_url=url
    )
    idea_headers = signed(idea, SECRET)
    posts += [(idea, idea_headers), (idea, idea_headers)]

    statuses = [server.post(body, headers)[0] for body, headers in posts]
    slack_api.wait_for_response(url)
    time.sleep(0.5)  # the turns' own log lines

    assert all(s < 500 for s in statuses), statuses
    lines = [logging.Formatter("%(name)s %(message)s").format(r) for r in caplog.records]
    assert any("bad signature" in line for line in lines)  # refusals are logged, by reason
    leaked = {name: said for name, said in SENT.items() if any(said in ln for ln in lines)}
    assert leaked == {}
