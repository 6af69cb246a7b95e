"""The warehouse port: a measure's `source.sql` run read-only, with a statement timeout,
through SQLAlchemy against the URL in the environment variable its `url_env` names (any
SQLAlchemy URL: SQL Server, PostgreSQL, …). Failures carry a reason that is safe to log:
never the URL (it holds a password), the SQL's result or the driver's message."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.feeds.pull import PullFailed, PullSource

log = logging.getLogger("huddlebot.warehouse")
TIMEOUT_SECONDS = 30
_SQLSTATES = {
    "57014": "the query took longer than the {timeout} s allowed",
    "25006": "the query tried to change the warehouse: it may only read",
    "42P01": "the query names a table the warehouse does not have",
    "42703": "the query names a column the warehouse does not have",
    "42601": "the query is not valid SQL",
    "42501": "the warehouse login may not read that table",
}


def _read_only(conn: Connection, timeout: int) -> None:
    """Start a read-only transaction with a statement timeout, as the dialect allows."""
    name = conn.dialect.name
    ms = timeout * 1000
    if name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms}")
    elif name in ("mysql", "mariadb"):
        conn.exec_driver_sql(f"SET SESSION MAX_EXECUTION_TIME = {ms}")
        conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
    elif name == "mssql":  # no read-only transaction: give the login read rights only
        conn.exec_driver_sql(f"SET LOCK_TIMEOUT {ms}")
    elif name == "sqlite":
        conn.exec_driver_sql("PRAGMA query_only = ON")


class SqlWarehouse:
    """One engine per environment variable, made when first needed."""

    def __init__(
        self, env: Mapping[str, str] | None = None, timeout_seconds: int = TIMEOUT_SECONDS
    ) -> None:
        self.env = os.environ if env is None else env
        self.timeout = timeout_seconds
        self.engines: dict[str, Engine] = {}

    def _engine(self, url_env: str) -> Engine:
        if url_env not in self.engines:
            url = self.env.get(url_env, "").strip()
            if not url:
                raise PullFailed(f"the environment variable {url_env} is not set")
            try:
                engine = create_engine(
                    url, pool_pre_ping=True, hide_parameters=True, pool_size=1, max_overflow=1
                )
            except Exception:  # a malformed URL's message may quote the password
                raise PullFailed(f"{url_env} is not a database URL SQLAlchemy can use") from None
            self.engines[url_env] = engine
        return self.engines[url_env]

    def fetch(self, source: PullSource, day: date) -> tuple[Any, ...]:
        engine = self._engine(source.url_env)
        params = {"day": day} if ":day" in source.sql else {}
        try:
            conn = engine.connect()
        except SQLAlchemyError:  # its message may hold the host, user or password
            raise PullFailed("could not connect to the warehouse") from None
        try:
            with conn:
                _read_only(conn, self.timeout)
                row = conn.execute(text(source.sql), params).first()
                conn.rollback()  # nothing it did is kept, whatever the dialect allows
        except DBAPIError as error:
            raise PullFailed(self._reason(error)) from None
        except SQLAlchemyError as error:
            raise PullFailed(f"the query could not run ({type(error).__name__})") from None
        return tuple(row) if row is not None else ()

    def _reason(self, error: DBAPIError) -> str:
        state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        if state in _SQLSTATES:
            return _SQLSTATES[state].format(timeout=self.timeout)
        if error.connection_invalidated:
            return "the connection to the warehouse was lost"
        kind = type(error.orig).__name__ if error.orig is not None else type(error).__name__
        return f"the warehouse refused the query ({kind})"

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
