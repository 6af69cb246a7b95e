"""The core's promises: a polite apology instead of a stack trace, 'not saved' when the
database is down, an audit entry for a refusal, and a route table it is given."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.app import APOLOGY, NOT_SAVED, Huddlebot
from bot.assembly import assemble, load_demo
from bot.context import Context
from bot.db import Database
from bot.events import Command, Origin, Said, Sender
from bot.messages import Text, fallback_text
from bot.routing import Route, RouteTable
from bot.stores.tables.core import Audit, Person, Team

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
HERE = Origin("console", "console", "#ward-7")


def command(user: str, name: str, text: str) -> Command:
    return Command(Sender("console", user, user), HERE, name, text, NOW)


@pytest.fixture
def demo(db: Database) -> Database:
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    return db


@pytest.fixture
def bot(demo: Database) -> Huddlebot:
    return assemble(demo)


def broken_handler(ctx: Context, args: str) -> str:  # a real handler that fails, as a bug would
    raise RuntimeError("secret internals")


def echo(ctx: Context, args: str) -> str:
    return f"{ctx.person.name if ctx.person else 'someone'} said {args}"


def test_a_bot_answers_from_the_route_table_it_is_given(demo: Database) -> None:
    small = RouteTable(
        commands={"echo": "say it back"},
        subcommands={("echo", ""): Route(echo, "echo <words>", "say it back")},
    )
    bot = Huddlebot(demo, small)
    said = bot.handle(command("Demo Nurse", "echo", "hello ward"))
    typed = bot.handle(Said(Sender("console", "Demo Nurse", "Demo Nurse"), HERE, "echo hi", NOW))
    others = bot.handle(command("Demo Nurse", "huddle", "board"))
    assert [p.message.text for p in said + typed] == [
        "Demo Nurse said hello ward",
        "Demo Nurse said hi",
    ]
    assert said[0].to.visible_to == "Demo Nurse"  # a string answer is said privately
    assert others[0].message.text.startswith("I don't know the command /huddle.")
    assert "/echo — say it back" in others[0].message.text  # /help lists this table only


def test_a_failing_handler_is_logged_and_answered_with_an_apology(
    demo: Database, caplog: pytest.LogCaptureFixture
) -> None:
    exploding = RouteTable(
        commands={"huddle": "today's huddle"},
        subcommands={("huddle", "explode"): Route(broken_handler, "huddle explode", "fails")},
    )
    with caplog.at_level(logging.ERROR):
        posts = Huddlebot(demo, exploding).handle(command("Demo Nurse", "huddle", "explode now"))
    assert [p.message for p in posts] == [Text(APOLOGY)]
    assert posts[0].to.visible_to == "Demo Nurse"
    assert not [p for p in posts if "secret internals" in fallback_text(p.message)]
    assert any("RuntimeError: secret internals" in (r.exc_text or "") for r in caplog.records)


def test_database_down_is_said_not_silent(tmp_path) -> None:
    unreachable = assemble(Database("postgresql+psycopg://nobody@127.0.0.1:9/none"))
    posts = unreachable.handle(command("Demo Nurse", "huddle", "board"))
    assert [p.message for p in posts] == [Text(NOT_SAVED)]


def test_a_refusal_is_audited_without_free_text(bot: Huddlebot, db: Database) -> None:
    posts = bot.handle(command("Demo Nurse", "huddle", "link ward-7"))
    assert "Only Ward 7's team lead" in posts[0].message.text
    with db.session() as session:
        entry = session.scalars(select(Audit).where(Audit.outcome == "denied")).one()
        ward = session.scalars(select(Team).where(Team.key == "ward-7")).one()
        nurse = session.scalars(select(Person).where(Person.name == "Demo Nurse")).one()
    assert (entry.action, entry.subject) == ("link", f"team:{ward.id}")
    assert (entry.person_id, entry.platform) == (nurse.id, "console")


def test_a_channel_declared_in_the_config_belongs_to_its_team(db: Database) -> None:
    from pathlib import Path

    import yaml

    from bot.addresses import team_for
    from bot.config import apply_config, parse_config

    example = Path(__file__).resolve().parents[2] / "examples" / "trust.yaml"
    doc = yaml.safe_load(example.read_text(encoding="utf-8"))
    doc["divisions"][0]["teams"][0]["slack_channel"] = "C0WARD7"
    with db.session() as session:
        apply_config(session, parse_config(doc), NOW)
    bot = assemble(db)
    # a senior leader belongs to no team: only the channel can say which team this is
    channel = Origin("slack", "T0TRUST", "C0WARD7")
    posts = bot.handle(Command(Sender("slack", "U0DIR"), channel, "huddle", "board", NOW))
    assert "Ward 7" in posts[0].message.heading
    with db.session() as session:
        assert team_for(session, channel).key == "ward-7"
        assert team_for(session, Origin("slack", "T0TRUST", "C0OTHER")) is None


def test_another_workspace_is_refused_even_for_a_known_id(db: Database) -> None:
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    bot_ = assemble(db)
    lead = Sender("slack", "U0LEAD")
    bot_.handle(Command(lead, Origin("slack", "T0HOME", "C1"), "huddle", "help", NOW))
    posts = bot_.handle(
        Command(lead, Origin("slack", "T0EVIL", "C2"), "huddle", "link ward-7", NOW)
    )
    assert "isn't connected to Demo NHS Trust" in posts[0].message.text
    with db.session() as session:
        assert session.scalars(select(Audit.action).where(Audit.outcome == "denied")).all() == [
            "workspace"
        ]


@pytest.mark.parametrize(
    ("platform", "field"), [("slack", "slack_workspace"), ("teams", "teams_tenant")]
)
def test_a_request_naming_no_workspace_is_refused_when_one_is_pinned(
    db: Database, platform: str, field: str
) -> None:
    import json

    from bot.stores.tables.core import Trust

    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
        trust = session.scalar(select(Trust))
        trust.settings_json = json.dumps({**json.loads(trust.settings_json or "{}"), field: "HOME"})
    bot_ = assemble(db)
    someone = Sender(platform, "U0LEAD")
    posts = bot_.handle(Command(someone, Origin(platform, "", "C1"), "idea", "more hoists", NOW))
    assert "isn't connected to Demo NHS Trust" in posts[0].message.text
    with db.session() as session:
        assert session.scalars(select(Audit.action).where(Audit.outcome == "denied")).all() == [
            "workspace"
        ]
