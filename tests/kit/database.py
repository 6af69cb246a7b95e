"""A database per backend and per xdist worker, built from the models (no migrations: those are
`tests/foundation/test_migrations.py`'s to run) and stamped at Alembic's head, then emptied
between tests. Emptying a few dozen small tables costs milliseconds; creating a database from a
template, or running every migration, costs a second or more on a loaded machine."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

import bot.stores.tables  # noqa: F401  (every table, so the metadata is complete)
from bot.db import Database, normalise_url
from bot.stores.tables import metadata
from huddlebot.migrate import alembic_config

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def worker() -> str:
    """The xdist worker's id (gw0, gw1, …), or "main" when tests run in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def admin_engine() -> Engine:
    return create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")


def pg_url(name: str) -> str:
    return make_url(normalise_url(PG_URL)).set(database=name).render_as_string(False)


@dataclass
class KitDatabase:
    """One schema for the whole session; `empty()` before each test."""

    url: str
    backend: str
    pg_name: str = ""

    def create(self) -> None:
        db = Database(self.url)
        metadata.create_all(db.engine)
        with db.engine.begin() as connection:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.stamp(config, "heads")
        db.dispose()

    def empty(self) -> None:
        """Delete every row (Alembic's stamp stays) and restart the ids, so each test starts
        as on a new database."""
        engine = create_engine(normalise_url(self.url))
        names = [t.name for t in reversed(metadata.sorted_tables)]
        try:
            with engine.begin() as connection:
                if self.backend == "postgresql":
                    connection.execute(text("SET LOCAL lock_timeout = '20s'"))
                    quoted = ", ".join(f'"{n}"' for n in names)
                    connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
                else:
                    for name in names:
                        connection.execute(text(f'DELETE FROM "{name}"'))
                    has_sequences = connection.execute(
                        text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
                    ).first()
                    if has_sequences:
                        connection.execute(text("DELETE FROM sqlite_sequence"))
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self.backend != "postgresql":
            return
        admin = admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
        admin.dispose()


def new_kit_database(backend: str, folder: str) -> KitDatabase:
    """A fresh database named for this run and worker: other people's test runs on the same
    PostgreSQL server, and the other workers of this one, never meet it."""
    if backend == "sqlite":
        kit = KitDatabase(f"sqlite:///{folder}/kit-{worker()}.db", "sqlite")
    else:
        name = f"hb_kit_{worker()}_{uuid.uuid4().hex[:8]}"
        admin = admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        kit = KitDatabase(pg_url(name), "postgresql", name)
    kit.create()
    return kit
