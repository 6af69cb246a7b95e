"""The database: one engine per process, short sessions, SQLite tuned for a bot (WAL)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///huddlebot.db"
BUSY_MS = 30000  # how long a SQLite write waits for the write lock before it fails
PATIENCE = 10.0  # seconds a prompt write keeps trying for SQLite's write lock
POLL = 0.001  # seconds between its tries
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
T = TypeVar("T")


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine whose errors never carry SQL parameters (they hold the staff's free text)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            cursor.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True
    )


def promptly(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one transaction, committed on return. On SQLite it takes the write lock
    as soon as it is free: SQLite's own wait sleeps in steps of up to 100 ms while other
    writers slip in between, which starves a writer that someone is waiting for (an ack)."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            return work(connection)
    deadline = time.monotonic() + PATIENCE
    with engine.connect() as connection:
        _busy_timeout(connection, 0)
        try:
            while True:
                try:
                    with connection.begin():
                        return work(connection)
                except OperationalError as error:
                    code = getattr(error.orig, "sqlite_errorcode", 0) & 0xFF
                    if code not in (SQLITE_BUSY, SQLITE_LOCKED) or time.monotonic() > deadline:
                        raise
                time.sleep(POLL)
        finally:
            _busy_timeout(connection, BUSY_MS)


def _busy_timeout(connection: Connection, milliseconds: int) -> None:
    """Set on the driver's connection: a PRAGMA through SQLAlchemy would begin a transaction."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA busy_timeout={milliseconds}")
    finally:
        cursor.close()


class Database:
    """Owns the engine; hands out sessions that commit on success and roll back on error."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
