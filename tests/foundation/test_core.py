"""The core's promises: a polite apology instead of a stack trace, 'not saved' when the
database is down, and an audit entry for a refusal."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot import routes
from bot.app import APOLOGY, NOT_SAVED, Huddlebot
from bot.db import Database
from bot.demo import load_demo
from bot.events import Command, Origin, Sender
from bot.messages import Text
from bot.stores.tables.core import Audit

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
HERE = Origin("console", "console", "#ward-7")


def command(user: str, name: str, text: str) -> Command:
    return Command(Sender("console", user, user), HERE, name, text, NOW)


@pytest.fixture
def bot(db: Database) -> Huddlebot:
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    return Huddlebot(db)


def broken_handler(ctx, args):  # a real handler that fails, as a bug would
    raise RuntimeError("secret internals")


def test_a_failing_handler_is_logged_and_answered_with_an_apology(
    bot: Huddlebot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(
        routes.SUBCOMMANDS,
        ("huddle", "explode"),
        routes.Route(broken_handler, "huddle explode", "fails"),
    )
    with caplog.at_level(logging.ERROR):
        posts = bot.handle(command("Demo Nurse", "huddle", "explode now"))
    assert [p.message for p in posts] == [Text(APOLOGY)]
    assert posts[0].to.visible_to == "Demo Nurse"
    assert "secret internals" not in APOLOGY
    assert any("RuntimeError: secret internals" in (r.exc_text or "") for r in caplog.records)


def test_database_down_is_said_not_silent(tmp_path) -> None:
    unreachable = Huddlebot(Database("postgresql+psycopg://nobody@127.0.0.1:9/none"))
    posts = unreachable.handle(command("Demo Nurse", "huddle", "board"))
    assert [p.message for p in posts] == [Text(NOT_SAVED)]


def test_a_refusal_is_audited_without_free_text(bot: Huddlebot, db: Database) -> None:
    posts = bot.handle(command("Demo Nurse", "huddle", "link ward-7"))
    assert "Only Ward 7's team lead" in posts[0].message.text
    with db.session() as session:
        entry = session.scalars(select(Audit).where(Audit.outcome == "denied")).one()
    assert (entry.action, entry.subject) == ("link", entry.subject)
    assert entry.subject.startswith("team:")
