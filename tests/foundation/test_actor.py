"""The speaker's roles are read once per event, and decide what they may do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from bot.app import Huddlebot
from bot.assembly import assemble, load_demo
from bot.db import Database
from bot.events import Command, Origin, Said, Sender

NOW = datetime(2027, 3, 1, 8, 45, tzinfo=UTC)
WARD_7 = Origin("console", "console", "#ward-7")


@pytest.fixture
def bot(db: Database) -> Huddlebot:
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    return assemble(db)


@pytest.fixture
def role_reads(db: Database) -> Iterator[list[str]]:
    """Every statement sent to the database that reads the roles table."""
    seen: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "roles" in statement.lower() and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    yield seen
    event.remove(db.engine, "before_cursor_execute", spy)


def say(who: str, text: str) -> Said:
    return Said(Sender("console", who, who), WARD_7, text, NOW)


def test_a_huddle_answer_reads_the_speakers_roles_once(
    bot: Huddlebot, role_reads: list[str]
) -> None:
    posts = bot.handle(say("Demo Nurse", "falls 1, staffing 92%"))
    assert "Recorded for Ward 7" in posts[0].message.text
    assert len(role_reads) == 1


def test_a_board_and_a_refusal_read_the_roles_once_each(
    bot: Huddlebot, role_reads: list[str]
) -> None:
    board = bot.handle(
        Command(Sender("console", "Demo Nurse", "Demo Nurse"), WARD_7, "huddle", "board", NOW)
    )
    assert "Ward 7 huddle board" in board[0].message.heading
    refused = bot.handle(
        Command(Sender("console", "Demo Nurse", "Demo Nurse"), WARD_7, "huddle", "link ed", NOW)
    )
    assert "Only Emergency Department's team lead" in refused[0].message.text
    assert len(role_reads) == 2
