"""Every command, button and form the core routes, used from Slack through the real Bolt app.

The list comes from `bot.routes`, so a capability added later is covered here too. Each must
get an answer the person can see, and no answer may be an apology for a failure."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot import routes
from fakes.slack_api import FakeSlack
from fakes.slack_requests import block_actions, signed, slash_command, view_submission
from tests.kit.database import new_database
from tests.slack.conftest import SECRET, WARD_7

FAILED = ("went wrong", "NOT saved", "I don't know the command")
SAMPLES = {"team": "ward-7", "team key": "ward-7"}
PROMPT_TS = "1700000000.000100"


def line_for(usage: str) -> str:
    """A command line from a route's usage: optional parts dropped, placeholders filled."""
    line = re.sub(r"\[[^\]]*\]", "", usage)
    line = re.sub(r"<([^>]+)>", lambda m: SAMPLES.get(m.group(1), "Bins emptied twice daily"), line)
    line = re.sub(r"\b12\b", "1", line.replace("adopt|adapt|abandon", "adopt"))  # demo idea #1
    return "/" + " ".join(line.split())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One server for the whole matrix (starting one per command would be slow)."""
    from datetime import UTC, datetime

    from bot.assembly import load_demo
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings
    from scheduler.clock import FixedClock
    from tests.slack.server import RunningSlack

    url = new_database("sqlite", tmp_path_factory.mktemp("capabilities"))
    with FakeSlack(members={WARD_7}, per_channel_per_second=None) as slack:
        settings = Settings(
            database_url=url,
            slack_bot_token="xoxb-test",
            slack_signing_secret=SECRET,
            slack_api_url=slack.url,
        )
        now = datetime.now(UTC).replace(microsecond=0)
        runtime = build(settings, clock=FixedClock(now), migrate=False)
        with runtime.db.session() as session:
            load_demo(session, now.date(), now)
        with RunningSlack(runtime, settings) as server:
            world = {"slack": slack, "server": server, "runtime": runtime}
            answers(world, command(world, "/huddle link ward-7", "U0LEAD"))
            yield world
        runtime.db.dispose()


def command(world: dict, line: str, user: str = "U0LEAD") -> dict[str, Any]:
    slack: FakeSlack = world["slack"]
    name, _, text = line.partition(" ")
    mark = activity(slack)
    mark["url"] = slack.response_url()
    body = slash_command(
        name, text, user=user, channel=WARD_7, response_url=mark["url"], trigger_id=slack.trigger()
    )
    assert world["server"].post(body, signed(body, SECRET))[0] == 200
    return mark


def activity(slack: FakeSlack) -> dict[str, Any]:
    return {
        m: len(slack.calls_to(m))
        for m in (
            "chat.postMessage",
            "chat.postEphemeral",
            "chat.update",
            "views.open",
            "files.completeUploadExternal",
        )
    }


def answers(world: dict, mark: dict[str, Any], timeout: float = 20.0) -> list[str]:
    """Everything said since `mark` (texts of replies, posts, updates and modals)."""
    slack: FakeSlack = world["slack"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = (
            [r.get("text", "") for r in slack.responses_to(mark.get("url", ""))]
            if mark.get("url")
            else []
        )
        for method, before in mark.items():
            if method != "url":
                for call in slack.calls_to(method)[before:]:
                    said.append(str(call.params.get("text") or call.params.get("view") or "ok"))
        if said:
            time.sleep(0.1)  # let a second part of the answer land
            return said
        time.sleep(0.02)
    raise AssertionError("no answer at all")


def assert_no_failure(said: list[str]) -> None:
    for text in said:
        assert not any(bad in text for bad in FAILED), text


def first_things_first(key: tuple[str, str]) -> tuple[bool, tuple[str, str]]:
    """Raise an escalation before acknowledging or resolving one."""
    return (key[1] != "escalate", key)


@pytest.mark.parametrize(
    "key", sorted(routes.SUBCOMMANDS, key=first_things_first), ids=lambda k: " ".join(k).strip()
)
def test_every_command_is_answered_in_slack(world, key) -> None:  # type: ignore[no-untyped-def]
    line = line_for(routes.SUBCOMMANDS[key].usage)
    if key[0] == "help" and not line.startswith("/help"):
        line = "/help"
    assert_no_failure(answers(world, command(world, line)))


@pytest.mark.parametrize("form", sorted(routes.FORM_BUILDERS))
def test_every_form_opens_as_a_modal_and_can_be_submitted(world, form) -> None:  # type: ignore[no-untyped-def]
    slack: FakeSlack = world["slack"]
    mark = activity(slack)
    mark["url"] = slack.response_url()
    body = block_actions(
        f"open:{form}",
        "",
        user="U0LEAD",
        channel=WARD_7,
        message_ts=PROMPT_TS,
        response_url=mark["url"],
        trigger_id=slack.trigger(),
    )
    assert world["server"].post(body, signed(body, SECRET))[0] == 200
    said = answers(world, mark)
    assert_no_failure(said)
    opened = slack.calls_to("views.open")[mark["views.open"] :]
    if not opened:
        return  # the core answered in words (e.g. what it needs first): already checked
    view = opened[0].params["view"]
    submitted = view_submission(view, {}, user="U0LEAD")
    status, ack = world["server"].post(submitted, signed(submitted, SECRET))
    assert status == 200
    assert not any(bad in ack for bad in FAILED), ack


def buttons_seen(slack: FakeSlack) -> dict[str, str]:
    """action -> value of every button the bot has shown so far (posts and replies)."""
    shown: list[dict] = [c.params for c in slack.calls if c.method.startswith("chat.")]
    shown += [r for replies in slack.responses.values() for r in replies]
    found: dict[str, str] = {}
    for message in shown:
        for block in message.get("blocks") or []:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                found.setdefault(element["action_id"].split("~~")[0], element.get("value", ""))
    return found


def press(world: dict, action: str, value: str, user: str = "U0LEAD") -> dict[str, Any]:
    slack: FakeSlack = world["slack"]
    mark = activity(slack)
    mark["url"] = slack.response_url()
    body = block_actions(
        action,
        value,
        user=user,
        channel=WARD_7,
        message_ts=PROMPT_TS,
        response_url=mark["url"],
        trigger_id=slack.trigger(),
    )
    assert world["server"].post(body, signed(body, SECRET))[0] == 200
    return mark


@pytest.mark.parametrize("action", sorted(routes.ACTIONS))
def test_every_button_is_answered_in_slack(world, action) -> None:  # type: ignore[no-untyped-def]
    value = buttons_seen(world["slack"]).get(action, "1")
    assert_no_failure(answers(world, press(world, action, value)))


def test_a_button_is_checked_against_the_persons_role(world) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    answers(world, command(world, "/huddle escalate Hoist broken in bay 2"))
    with world["runtime"].db.engine.connect() as connection:
        newest = connection.execute(text("select max(id) from huddle_escalations")).scalar_one()
    said = answers(world, press(world, "huddle.ack", str(newest), user="U0NURSE"))
    assert_no_failure(said)
    with world["runtime"].db.engine.connect() as connection:
        state = connection.execute(
            text("select state from huddle_escalations where id = :id"), {"id": newest}
        ).scalar_one()
    assert state == "open"  # a ward nurse cannot acknowledge for the division
