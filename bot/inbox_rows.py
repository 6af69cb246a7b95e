"""New inbox rows, many at once: one INSERT whose rows with a key stored before are skipped
(ON CONFLICT DO NOTHING) and which returns the new rows' ids. On PostgreSQL it is one round trip
on a connection kept for it (a single statement commits by itself); on SQLite it takes the
write lock as soon as it is free (`bot.db.promptly`)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Insert, Table
from sqlalchemy.dialects import postgresql, sqlite

from bot.db import promptly
from bot.stores.tables.inbound import InboxRow

LEASE = timedelta(seconds=10)  # renewed while this process holds the turn; then the drain


@dataclass(frozen=True)
class Request:
    """A request to keep: its key, its kind, the body as the platform sent it, when it came."""

    key: str
    kind: str
    body: dict[str, Any]
    at: datetime


def row_of(request: Request) -> dict[str, Any]:
    return {
        "request_key": request.key,
        "kind": request.kind,
        "body": json.dumps(request.body),
        "status": "received",
        "attempts": 0,
        "received_at": request.at,
        "lease_until": request.at + LEASE,
    }


def insert_new(engine: Engine) -> Insert:
    """The statement, built once (so compiled once): executed with a list of rows."""
    table: Table = InboxRow.__table__  # type: ignore[assignment]
    dialect = sqlite if engine.dialect.name == "sqlite" else postgresql
    return (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["request_key"])
        .returning(table.c.id, table.c.request_key)
    )


class NewRows:
    """Writes new inbox rows; one instance per writer (it may keep a connection)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statement = insert_new(engine)
        self._kept: Connection | None = None
        self._lock = threading.Lock()

    def insert(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Store the rows whose key is new, all or none, committed on return: key -> new id."""
        if self.engine.dialect.name == "sqlite":  # a fresh connection: the file may have gone
            return promptly(self.engine, lambda connection: self._run(connection, rows))
        with self._lock:
            if self._kept is None:
                self._kept = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:  # one statement (MOST rows stay within one page of SQLAlchemy's many values)
                return self._run(self._kept, rows)
            except Exception:
                self._kept.invalidate()  # the next batch connects afresh
                self._kept.close()
                self._kept = None
                raise

    def _run(self, connection: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
        return {key: int(i) for i, key in connection.execute(self.statement, rows)}

    def close(self) -> None:
        with self._lock:
            if self._kept is not None:
                self._kept.close()
                self._kept = None
