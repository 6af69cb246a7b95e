"""Posts for other channels go through the outbox and the scheduler's delivery, through the
Slack adapter's sender: an escalation reaches the division's channel with its buttons, and a
channel the bot was never invited to ends the row as dead instead of retrying for ever."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from fakes.slack_api import FakeSlack
from fakes.slack_requests import block_actions, signed, slash_command
from scheduler.service import step
from tests.slack.conftest import SECRET, WARD_7

MEDICINE = "C0MEDICINE"


def command(server, slack: FakeSlack, line: str, user: str, channel: str) -> str:  # type: ignore[no-untyped-def]
    name, _, rest = line.partition(" ")
    url = slack.response_url()
    body = slash_command(name, rest, user=user, channel=channel, response_url=url)
    assert server.post(body, signed(body, SECRET))[0] == 200
    return url


def escalate(server, runtime, slack: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    command(server, slack, "/huddle link ward-7", "U0LEAD", WARD_7)
    command(server, slack, "/huddle link medicine", "U0ADMIN", MEDICINE)
    for kind, channel in (("team", WARD_7), ("division", MEDICINE)):  # one turn at a time
        query = "select count(*) from addresses where owner_kind = '{}' and conversation = '{}'"
        until(runtime, query.format(kind, channel), 1)
    command(server, slack, "/huddle escalate Hoist broken in bay 2", "U0LEAD", WARD_7)
    until(runtime, "select count(*) from outbox", 1)


def until(runtime, query: str, count: int) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60  # generous: CI machines can be busy
    while time.monotonic() < deadline:
        with runtime.db.engine.connect() as connection:
            if connection.execute(text(query)).scalar_one() >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"never true: {query} >= {count}")


def outbox_states(runtime) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(text("select status, last_error from outbox order by id"))
        ]


def test_an_escalation_reaches_the_division_and_its_button_works(
    server, runtime, slack_api
) -> None:  # type: ignore[no-untyped-def]
    slack_api.members.add(MEDICINE)
    escalate(server, runtime, slack_api)

    asyncio.run(step(runtime, runtime.clock.now()))

    [raised] = [m for m in slack_api.posted(MEDICINE) if "Hoist" in m["text"]]
    assert ("sent", "") in outbox_states(runtime)
    ack = [
        e
        for b in raised["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "huddle.ack"
    ]
    url, before = slack_api.response_url(), len(slack_api.calls_to("chat.postMessage"))
    body = block_actions(
        "huddle.ack",
        ack[0]["value"],
        user="U0DIR",
        channel=MEDICINE,
        message_ts=raised["ts"],
        response_url=url,
    )
    assert server.post(body, signed(body, SECRET))[0] == 200
    told_ward = slack_api.wait_for("chat.postMessage", before + 1)[before:]
    assert any("Hoist" in c.params["text"] for c in told_ward), slack_api.responses_to(url)
    with runtime.db.engine.connect() as connection:
        state = connection.execute(text("select state from huddle_escalations")).scalar_one()
    assert state == "acknowledged"


def test_a_channel_the_bot_is_not_in_marks_the_row_dead(server, runtime, slack_api) -> None:  # type: ignore[no-untyped-def]
    escalate(server, runtime, slack_api)  # the bot was never invited to the division's channel

    asyncio.run(step(runtime, runtime.clock.now()))

    assert ("dead", "not_in_channel") in [
        (s, e.split(":")[-1].strip()) for s, e in outbox_states(runtime)
    ]
    assert not [m for m in slack_api.posted(MEDICINE) if "Hoist" in m["text"]]
