"""The migrations build exactly the tables the code defines, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.db import Database
from bot.stores.tables import metadata
from huddlebot.migrate import current_revision


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
