"""Small portable SQL helpers: INSERT … ON CONFLICT on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.stores.tables.schedule import DeliveryGate


def insert_for(session: Session, model: Any) -> Any:
    """The dialect's own `insert` (both offer `on_conflict_do_nothing` and `returning`)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def upsert_later(session: Session, scope: str, free_at: datetime, reason: str) -> None:
    """Hold `scope` back until `free_at`, never bringing an existing hold earlier."""
    hold_back(session, {scope: free_at}, reason)


def hold_back(session: Session, until: dict[str, datetime], reason: str) -> None:
    """Hold each scope back until its time (one statement), never bringing a hold earlier."""
    if not until:
        return
    stmt = insert_for(session, DeliveryGate)
    greatest = func.greatest if session.get_bind().dialect.name == "postgresql" else func.max
    stmt = stmt.on_conflict_do_update(
        index_elements=["scope"],
        set_={"free_at": greatest(DeliveryGate.free_at, stmt.excluded.free_at), "reason": reason},
    )
    rows = [{"scope": s, "free_at": t, "reason": reason} for s, t in sorted(until.items())]
    session.execute(stmt, rows)
