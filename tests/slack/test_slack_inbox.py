"""Nothing acknowledged is lost: every Slack request is stored before its 200, a copy of one
does nothing, and a request whose process died is taken up again exactly once (on the real
database, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from adapters.slack.drain import Drain
from adapters.slack.inbox import LEASE, SlackInbox
from adapters.slack.send import SlackPlatform, web_client
from adapters.slack.translate import command as as_command
from adapters.turns import Turns
from bot.inbox import AlreadyHandled
from fakes.slack_api import FakeSlack
from fakes.slack_requests import signed, slash_command
from tests.slack.conftest import SECRET, WARD_7


def ideas_saying(runtime, words: str) -> int:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            text("select count(*) from ideas where text like :t"), {"t": f"%{words}%"}
        ).scalar_one()


def inbox_statuses(runtime) -> list[str]:  # type: ignore[no-untyped-def]
    with runtime.db.engine.connect() as connection:
        return list(connection.execute(text("select status from inbox")).scalars())


def idea_request(slack: FakeSlack, words: str) -> tuple[str, str]:
    url = slack.response_url()
    body = slash_command(
        "/idea", words, user="U0NURSE", channel=WARD_7, response_url=url, trigger_id="13.1.x"
    )
    return body, url


def test_a_byte_identical_replay_of_a_signed_command_does_nothing(  # type: ignore[no-untyped-def]
    server, slack_api, runtime
) -> None:
    body, url = idea_request(slack_api, "Hoist charger beside bay 2")
    headers = signed(body, SECRET)

    first = server.post(body, headers)
    replay = server.post(body, headers)  # the same bytes, inside the 5-minute window

    assert first[0] == replay[0] == 200
    slack_api.wait_for_response(url)
    time.sleep(0.5)  # room for a second turn, had there been one
    assert ideas_saying(runtime, "Hoist charger") == 1
    assert len(slack_api.responses_to(url)) == 1
    assert inbox_statuses(runtime) == ["answered"]


def _drain(runtime, slack: FakeSlack, inbox: SlackInbox) -> Drain:  # type: ignore[no-untyped-def]
    platform = SlackPlatform(web_client("xoxb-test", slack.url))
    host = runtime.host()
    return Drain(Turns(host, inbox), platform, inbox, host.now)


def test_a_request_whose_process_died_before_handling_it_is_handled_once(  # type: ignore[no-untyped-def]
    runtime, slack_api
) -> None:
    inbox, died = SlackInbox(runtime.db.engine), SlackInbox(runtime.db.engine)
    body, url = idea_request(slack_api, "Label the spare commode")
    # stored and acknowledged by another process, which died before the core saw it
    died.receive("replay-key-1", "command", dict(parse_qsl(body)), runtime.clock.now())

    async def scenario() -> list[int]:
        drain = _drain(runtime, slack_api, inbox)
        taken = [await drain.once()]  # its lease has not run out: its process may be alive
        runtime.clock.advance(LEASE.total_seconds() + 1)
        taken.append(await drain.once())
        runtime.clock.advance(LEASE.total_seconds() + 1)
        taken.append(await drain.once())  # answered: nothing left to take up
        return taken

    assert asyncio.run(scenario()) == [0, 1, 0]
    [reply] = slack_api.wait_for_response(url)
    assert "idea #" in reply["text"].lower()
    assert ideas_saying(runtime, "spare commode") == 1
    assert inbox_statuses(runtime) == ["answered"]


def test_a_request_stored_but_never_answered_gets_its_answer_without_a_second_save(  # type: ignore[no-untyped-def]
    runtime, slack_api
) -> None:
    inbox, died = SlackInbox(runtime.db.engine), SlackInbox(runtime.db.engine)
    body, url = idea_request(slack_api, "Move the drugs fridge key")
    payload = dict(parse_qsl(body))
    row = died.receive("replay-key-2", "command", payload, runtime.clock.now())
    assert row is not None
    # the core stored it (and its answer); the process died before the reply went out
    runtime.bot.handle(as_command(payload, runtime.clock.now()), row)

    async def scenario() -> int:
        runtime.clock.advance(LEASE.total_seconds() + 1)
        return await _drain(runtime, slack_api, inbox).once()

    assert asyncio.run(scenario()) == 1
    [reply] = slack_api.wait_for_response(url)
    assert "idea #" in reply["text"].lower()
    assert ideas_saying(runtime, "drugs fridge key") == 1
    assert inbox_statuses(runtime) == ["answered"]


def test_two_turns_on_one_stored_request_save_it_once(runtime, slack_api) -> None:  # type: ignore[no-untyped-def]
    inbox = SlackInbox(runtime.db.engine)
    body, _ = idea_request(slack_api, "Second sharps bin in bay 4")
    payload = dict(parse_qsl(body))
    row = inbox.receive("replay-key-3", "command", payload, runtime.clock.now())
    assert row is not None
    event = as_command(payload, runtime.clock.now())

    runtime.bot.handle(event, row)
    with pytest.raises(AlreadyHandled):  # e.g. a drain that thought the first turn had died
        runtime.bot.handle(event, row)
    assert ideas_saying(runtime, "Second sharps bin") == 1


def test_a_copy_of_a_stored_request_is_recognised_by_its_key(runtime) -> None:  # type: ignore[no-untyped-def]
    inbox = SlackInbox(runtime.db.engine)
    now = runtime.clock.now()
    assert inbox.receive("Ev0RETRY", "event", {"type": "event_callback"}, now) is not None
    assert inbox.receive("Ev0RETRY", "event", {"type": "event_callback"}, now) is None


def test_a_process_keeps_the_rows_it_is_still_answering(runtime, slack_api) -> None:  # type: ignore[no-untyped-def]
    busy, other = SlackInbox(runtime.db.engine), SlackInbox(runtime.db.engine)
    body, _ = idea_request(slack_api, "Queue behind a slow database")
    busy.receive("held-1", "command", dict(parse_qsl(body)), runtime.clock.now())

    runtime.clock.advance(LEASE.total_seconds() - 1)
    assert busy.renew(runtime.clock.now()) == 1  # its turn is still queued: the lease goes on
    runtime.clock.advance(LEASE.total_seconds() - 1)
    assert other.stale(runtime.clock.now()) == []  # so no other process takes it up
    runtime.clock.advance(LEASE.total_seconds() + 1)  # then the busy process dies
    assert [s.kind for s in other.stale(runtime.clock.now())] == ["command"]


def test_a_request_that_keeps_failing_tells_its_author_it_was_not_saved(  # type: ignore[no-untyped-def]
    runtime, slack_api
) -> None:
    inbox, died = SlackInbox(runtime.db.engine), SlackInbox(runtime.db.engine)
    body, url = idea_request(slack_api, "Spare oxygen cylinder trolley")
    died.receive("poison-1", "command", dict(parse_qsl(body)), runtime.clock.now())
    with runtime.db.engine.begin() as connection:  # taken up and lost three times already
        connection.execute(text("update inbox set attempts = 3"))

    async def scenario() -> int:
        runtime.clock.advance(LEASE.total_seconds() + 1)
        return await _drain(runtime, slack_api, inbox).once()

    assert asyncio.run(scenario()) == 1
    [reply] = slack_api.wait_for_response(url)
    assert "NOT saved" in reply["text"]
    assert ideas_saying(runtime, "oxygen cylinder trolley") == 0
    assert inbox_statuses(runtime) == ["answered"]


@pytest.mark.own_database("the database file's folder is moved away")
def test_an_answer_the_database_could_not_record_is_recorded_once_it_is_back(  # type: ignore[no-untyped-def]
    runtime, slack_api
) -> None:
    if not runtime.db.is_sqlite:
        pytest.skip("takes the database away by moving its file")
    inbox, other = SlackInbox(runtime.db.engine), SlackInbox(runtime.db.engine)
    body, _ = idea_request(slack_api, "Told NOT saved during an outage")
    row = inbox.receive("outage-1", "command", dict(parse_qsl(body)), runtime.clock.now())
    assert row is not None
    runtime.db.dispose()
    folder = Path(str(runtime.db.engine.url.database)).parent  # the database file's own folder
    moved = folder.with_name(folder.name + "-gone")
    folder.rename(moved)  # the author is told NOT saved; then recording that fails too
    try:
        with pytest.raises(OperationalError):
            inbox.finish(row)
    finally:
        moved.rename(folder)

    runtime.clock.advance(LEASE.total_seconds() + 1)
    inbox.renew(runtime.clock.now())  # the database is back: the row is finished first
    runtime.clock.advance(LEASE.total_seconds() + 1)
    assert other.stale(runtime.clock.now()) == []  # so no drain handles it after all
    assert inbox_statuses(runtime) == ["answered"]
