"""The migrations build exactly the tables the code defines, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.db import Database
from bot.stores.tables import metadata
from huddlebot.migrate import current_revision

pytestmark = pytest.mark.own_database("revisions are run down and up again")


def test_migrations_produce_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_database_is_at_a_known_revision(db: Database) -> None:
    assert current_revision(db) is not None


def test_the_schema_has_one_history() -> None:
    """A second head means two changes were written against the same schema, unordered."""
    from alembic.script import ScriptDirectory

    from huddlebot.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"Alembic has {len(heads)} heads: {sorted(heads)}; merge them"


def test_replies_still_find_posts_made_before_the_typed_postings(db: Database) -> None:
    """0025 reads what each existing posting is about from its key, once; going back and
    forth again keeps every posting."""
    from datetime import UTC, date, datetime

    from alembic import command
    from sqlalchemy import text

    from bot.assembly import load_demo
    from huddlebot.migrate import alembic_config

    now = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), now)
        ward_7 = session.execute(text("select id from teams where key = 'ward-7'")).scalar_one()
        idea = session.execute(text("select id from ideas where number = 1")).scalar_one()

    def migrate(step: str, revision: str) -> None:
        config = alembic_config(db.url)
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step)(config, revision)

    migrate("downgrade", "0045_fed_readings")
    keys = {
        "m1": "huddle.prompt:ward-7:2027-02-28:08:30|slack:0",
        "m2": f"reflection:{ward_7}:2027-02-26:0",
        "m3": "idea:1|0",
        "m4": "visit-notice:3:0",
    }
    with db.engine.begin() as connection:
        for message_id, key in keys.items():
            connection.execute(
                text(
                    "insert into postings (key, platform, conversation, message_id, at) "
                    "values (:k, 'slack', 'C0WARD7', :m, :at)"
                ),
                {"k": key, "m": message_id, "at": now},
            )
    migrate("upgrade", "heads")
    with db.engine.connect() as connection:
        found = {
            row.message_id: (row.kind, row.team_id, row.day and str(row.day), row.subject_id)
            for row in connection.execute(
                text("select message_id, kind, team_id, day, subject_id from postings")
            )
        }
    assert found == {
        "m1": ("huddle.prompt", ward_7, "2027-02-28", None),
        "m2": ("ideas.reflection", ward_7, "2027-02-26", None),
        "m3": ("idea", ward_7, None, idea),
        "m4": ("", None, None, None),  # nothing a reply looks for
    }
