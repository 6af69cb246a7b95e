"""Acknowledgements under a burst, through the real Bolt app over HTTP: the requests that arrive
together are stored together (one transaction), each is acknowledged only once its own row is
committed, a batch that cannot be committed refuses every request in it, and the work for
requests already acknowledged waits while others are still waiting for their acknowledgement.
On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from adapters.acks import AckFirst
from adapters.slack import views
from adapters.slack.app import _TURNS
from adapters.slack.inbox import request_key
from adapters.slack.translate import command as as_command
from adapters.turns import Turns
from bot.events import Origin
from bot.messages import Field, Form
from fakes.slack_api import FakeSlack
from fakes.slack_requests import (
    JSON,
    event_callback,
    message,
    signed,
    slash_command,
    view_submission,
)
from tests.slack.conftest import SECRET, WARD_7

MARK = "Burst idea"


@pytest.fixture(autouse=True)
def own_ideas() -> None:
    """Each test's ideas carry their own mark: work of an earlier test finishing late on the
    same database is not counted."""
    global MARK
    # Letters only: a run of digits after a letter could read as a hospital number and be
    # refused by the patient guard (it once was: "d3848211").
    MARK = "Burst idea " + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def burst(slack: FakeSlack) -> list[tuple[str, dict[str, str], str, str]]:
    """50 requests: 20 slash commands and 15 messages, each message delivered twice (as Slack
    retries); each (body, headers, inbox key, kind) with a unique idea."""
    made = []
    for n in range(20):
        body = slash_command(
            "/idea",
            f"{MARK} command {n:02d}",
            user="U0NURSE",
            channel=WARD_7,
            response_url=slack.response_url(),
        )
        headers = signed(body, SECRET)
        made.append((body, headers, request_key({}, body, headers["X-Slack-Request-Timestamp"])))
    for n in range(15):
        said = message(
            f"<@{slack.bot_user}> idea {MARK} event {n:02d}", user="U0NURSE", channel=WARD_7
        )
        body = event_callback(said, event_id=f"Ev0BURST{n:04d}")
        made += [(body, signed(body, SECRET, content_type=JSON), f"Ev0BURST{n:04d}")] * 2
    return [
        (body, headers, key, "event" if key.startswith("Ev") else "command")
        for body, headers, key in made
    ]


def stored_rows(runtime, key: str) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            text("select count(*) from inbox where request_key = :k"), {"k": key}
        ).scalar_one()


def ideas(runtime) -> Counter[str]:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            text("select text from ideas where text like :m"), {"m": f"%{MARK}%"}
        ).scalars()
        return Counter(rows)


def post_all(server, requests):  # type: ignore[no-untyped-def]
    """Every request at once; with each answer, whether its row was already committed."""

    def one(request):  # type: ignore[no-untyped-def]
        body, headers, key, kind = request
        status, answer = server.post(body, headers)
        return status, answer, stored_rows(server.runtime, key), kind

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(one, requests))


def test_fifty_requests_at_once_are_each_stored_once_and_acknowledged_after_their_commit(  # type: ignore[no-untyped-def]
    server, slack_api, runtime
) -> None:
    answers = post_all(server, burst(slack_api))

    assert [status for status, _, _, _ in answers] == [200] * 50
    assert [committed for _, _, committed, _ in answers] == [1] * 50  # visible at the ack
    deadline = time.monotonic() + 60
    while sum(ideas(runtime).values()) < 35 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # room for a second save, had there been one
    saved = ideas(runtime)
    assert len(saved) == 35 and set(saved.values()) == {1}
    with runtime.db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from inbox")).scalar_one() == 35


def refuse_inbox_rows(runtime, refuse: bool) -> None:  # type: ignore[no-untyped-def]
    """A database that takes no inbox row: every insert into the inbox fails."""
    with runtime.db.engine.begin() as connection:
        if runtime.db.is_sqlite:
            if refuse:
                connection.execute(
                    text(
                        "create trigger refuse_inbox before insert on inbox "
                        "begin select raise(abort, 'disk full'); end"
                    )
                )
            else:
                connection.execute(text("drop trigger refuse_inbox"))
        elif refuse:
            connection.execute(
                text(
                    "create function refuse_inbox() returns trigger language plpgsql as "
                    "$$ begin raise exception 'disk full'; end $$"
                )
            )
            connection.execute(
                text(
                    "create trigger refuse_inbox before insert on inbox "
                    "for each row execute function refuse_inbox()"
                )
            )
        else:
            connection.execute(text("drop trigger refuse_inbox on inbox"))
            connection.execute(text("drop function refuse_inbox()"))


@pytest.mark.own_database("adds a trigger that refuses every inbox row")
def test_a_batch_that_cannot_be_committed_refuses_every_request_in_it(  # type: ignore[no-untyped-def]
    server, slack_api, runtime
) -> None:
    refuse_inbox_rows(runtime, True)
    try:
        answers = post_all(server, burst(slack_api))
    finally:
        refuse_inbox_rows(runtime, False)

    events = [(status, answer) for status, answer, _, kind in answers if kind == "event"]
    commands = [(status, answer) for status, answer, _, kind in answers if kind == "command"]
    assert [status for status, _ in events] == [503] * 30  # Slack sends an event again
    assert all(status == 200 and "NOT saved" in answer for status, answer in commands)
    assert len(commands) == 20
    assert slack_api.posted() == []
    time.sleep(0.5)
    assert sum(ideas(runtime).values()) == 0

    again = post_all(server, burst(slack_api)[:1])  # the database takes rows again
    assert [(status, committed) for status, _, committed, _ in again] == [(200, 1)]


def test_acknowledged_work_waits_while_acknowledgements_are_pending(runtime) -> None:  # type: ignore[no-untyped-def]
    body = {
        "command": "/idea",
        "text": f"{MARK} after the acks",
        "user_id": "U0NURSE",
        "channel_id": WARD_7,
        "team_id": "T0TRUST",
    }
    event = as_command(body, datetime.now(UTC))

    async def scenario() -> tuple[int, int]:
        acks = AckFirst()
        acks.LONGEST = 60.0  # however slow the machine, the work waits for the ack
        turns = Turns(runtime.host(), acks=acks)
        with acks.pending():  # a request on its way to its acknowledgement
            asked = asyncio.ensure_future(turns.ask(event))
            await asyncio.sleep(0.3)
            while_pending = sum(ideas(runtime).values())
        await asked
        return while_pending, sum(ideas(runtime).values())

    assert asyncio.run(scenario()) == (0, 1)


def test_a_flood_of_acknowledgements_delays_the_work_only_so_long(runtime) -> None:  # type: ignore[no-untyped-def]
    body = {
        "command": "/idea",
        "text": f"{MARK} in a flood",
        "user_id": "U0NURSE",
        "channel_id": WARD_7,
        "team_id": "T0TRUST",
    }
    event = as_command(body, datetime.now(UTC))

    async def scenario() -> int:
        acks = AckFirst()
        acks.LONGEST = 0.05
        turns = Turns(runtime.host(), acks=acks)
        with acks.pending():  # acknowledgements never stop coming
            await turns.ask(event)
            return sum(ideas(runtime).values())

    assert asyncio.run(scenario()) == 1


def test_a_form_submitted_while_another_request_waits_for_its_ack_says_saving_then_the_result(  # type: ignore[no-untyped-def]
    server, slack_api, runtime
) -> None:
    form = Form(form="idea.new", title="New idea", fields=(Field("what", "Your idea", "text"),))
    view = views.modal(form, Origin("slack", "T0TRUST", WARD_7))
    body = view_submission(view, {"what": f"{MARK} in a crowd"}, user="U0NURSE")
    another = _TURNS[server.app].acks.pending()  # a request still on its way to its ack

    async def crowd(enter: bool) -> None:
        another.__enter__() if enter else another.__exit__(None, None, None)

    asyncio.run_coroutine_threadsafe(crowd(True), server._loop).result(5)
    try:
        status, answer = server.post(body, signed(body, SECRET))
    finally:
        asyncio.run_coroutine_threadsafe(crowd(False), server._loop).result(5)

    assert status == 200 and "Saving your answers" in answer  # at once, not after the core
    [update] = slack_api.wait_for("views.update")
    assert "Saving" not in json.dumps(update.params["view"])
    assert ideas(runtime) == Counter({f"{MARK} in a crowd": 1})
