"""Insert a row unless its unique key is already there: two nurses answering in the same
second must both be saved, not one lost to a unique-key clash."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_once(session: Session, model: Any, **values: Any) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike."""
    session.flush()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing())
