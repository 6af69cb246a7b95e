"""Databases for tests. Each xdist worker has one database per backend, built by running every
migration once (as production does, so column order and server defaults are the migrations'),
then shared by the worker's tests one at a time and emptied before each. Deleting the rows a test
left costs milliseconds; creating a database from a template, or TRUNCATE of every table, costs
most of a second on a loaded machine. `new_database` makes one for a test that must not share."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import bot.stores.tables  # noqa: F401  (every table, so the metadata is complete)
from bot.db import Database, normalise_url
from bot.stores.tables import metadata
from huddlebot.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
TABLES = [t.name for t in reversed(metadata.sorted_tables)]  # children before their parents
WAIT = 10  # seconds to wait for a lock a previous test's connection still holds

# What a test may change besides rows: tables, columns, indexes, constraints, triggers,
# functions, schemas and the Alembic revision (not other sessions' temporary schemas).
PG_SCHEMA = r"""
SELECT md5(coalesce(string_agg(item, ';' ORDER BY item), '')) FROM (
    SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(string_agg(
        a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull,
        ',' ORDER BY a.attnum), '') AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname != 'information_schema'
    GROUP BY n.nspname, c.relname, c.relkind
    UNION ALL SELECT 'constraint ' || conname FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname != 'information_schema'
    UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%'
    UNION ALL SELECT 'revision ' || version_num FROM alembic_version
) AS items
"""
SQLITE_SCHEMA = """
SELECT group_concat(item, ';') FROM (
    SELECT type || ' ' || name || ' ' || coalesce(sql, '') AS item FROM sqlite_master
    WHERE name != 'sqlite_sequence'
    UNION ALL SELECT 'revision ' || version_num FROM alembic_version
    ORDER BY item
)
"""
PG_RESET_SEQUENCES = """
SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) FROM pg_sequences
WHERE last_value IS NOT NULL AND schemaname = current_schema()
"""
FILLED = " UNION ALL ".join(
    f"SELECT '{name}' FROM (SELECT 1 FROM \"{name}\" LIMIT 1) AS t{i}"
    for i, name in enumerate(TABLES)
)
SQLITE_HAS_SEQUENCES = "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
# A connection a test left open (a server it did not stop) must not make the next test wait.
PG_TERMINATE_OTHERS = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
"""


def worker() -> str:
    """The xdist worker's id (gw0, gw1, …), or "main" when tests run in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def admin_engine() -> Engine:
    return create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")


def pg_url(name: str) -> str:
    return make_url(normalise_url(PG_URL)).set(database=name).render_as_string(False)


def new_database(backend: str, folder: Path) -> str:
    """The URL of a new database with every migration run: a file in `folder` on SQLite, a
    database named for this worker (other test runs on the server never meet it) on PostgreSQL."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'hb-{uuid.uuid4().hex[:8]}.db'}"
    else:
        name = f"hb_{worker()}_{uuid.uuid4().hex[:10]}"
        admin = admin_engine()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = pg_url(name)
    db = Database(url)
    try:
        upgrade(db)
    finally:
        db.dispose()
    return url


def drop_database(url: str) -> None:
    """Drop a PostgreSQL database `new_database` made, whoever is still connected to it (an
    SQLite file goes with its folder)."""
    name = make_url(url).database
    if not url.startswith("postgresql") or not name:
        return
    admin = admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class SharedDatabase:
    """One backend's database for this worker's tests, one test at a time."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self.url = new_database(backend, folder)
        self.engine = self._engine()
        self.schema = self._schema()

    def empty(self) -> str:
        """Delete every row (Alembic's revision stays) and restart the ids, so the test starts
        as on a new database; rebuild it if a connection left behind will not let go."""
        try:
            with self.engine.begin() as connection:
                self._delete_rows(connection)
        except DBAPIError:
            self.rebuild()
        return self.url

    def schema_changed(self) -> bool:
        return self._schema() != self.schema

    def rebuild(self) -> None:
        self.close()
        self.url = new_database(self.backend, self.folder)
        self.engine = self._engine()
        self.schema = self._schema()

    def close(self) -> None:
        self.engine.dispose()
        drop_database(self.url)

    def _delete_rows(self, connection) -> None:  # type: ignore[no-untyped-def]
        """DELETE only the tables that have rows: on PostgreSQL TRUNCATE makes new files for
        every table and index, about ten times slower here than deleting a test's few rows."""
        if self.backend == "postgresql":
            connection.execute(text(PG_TERMINATE_OTHERS))
            connection.execute(text(f"SET LOCAL lock_timeout = '{WAIT}s'"))
        filled = set(connection.execute(text(FILLED)).scalars())
        for name in TABLES:
            if name in filled:
                connection.execute(text(f'DELETE FROM "{name}"'))
        if self.backend == "postgresql":
            connection.execute(text(PG_RESET_SEQUENCES))
        elif connection.execute(text(SQLITE_HAS_SEQUENCES)).first():
            connection.execute(text("DELETE FROM sqlite_sequence"))

    def _schema(self) -> str:
        query = PG_SCHEMA if self.backend == "postgresql" else SQLITE_SCHEMA
        with self.engine.connect() as connection:
            return str(connection.execute(text(query)).scalar())

    def _engine(self) -> Engine:
        if self.backend == "postgresql":
            return create_engine(self.url, pool_size=1, pool_pre_ping=True)
        return create_engine(self.url, connect_args={"timeout": WAIT})


class SharedDatabases:
    """This worker's shared database of each backend, made the first time a test asks for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, SharedDatabase] = {}

    def __getitem__(self, backend: str) -> SharedDatabase:
        if backend not in self.made:
            self.made[backend] = SharedDatabase(backend, self.folder)
        return self.made[backend]

    def close(self) -> None:
        for shared in self.made.values():
            shared.close()
