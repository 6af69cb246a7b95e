"""A trust loaded once per worker, database and clock, then put back row for row.

Loading the demo trust (90 days of readings, ideas, huddles, visits) costs the best part of a
second on PostgreSQL, and hundreds of tests start from it. The first test to ask for a trust at
a given moment loads it through the real code; its rows are read back and kept, and each later
test gets exactly those rows again (ids and sequences included) in a few statements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, insert, select, text
from sqlalchemy.orm import Session

from bot.stores.tables import metadata

Load = Callable[[Session, datetime], None]


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, list[dict[str, Any]]]  # table name -> rows, in primary-key order
    sequences: list[tuple[str, int]]  # SQLite's AUTOINCREMENT counters


_taken: dict[tuple[str, str, datetime], Snapshot] = {}


def load_trust(session: Session, name: str, load: Load, now: datetime) -> None:
    """`load(session, now)`, or the rows it wrote the first time, on an emptied database."""
    bind = session.get_bind()
    key = (bind.url.render_as_string(hide_password=False), name, now)
    snapshot = _taken.get(key)
    if snapshot is None:
        load(session, now)
        session.flush()
        _taken[key] = _take(session)
    else:
        _restore(session, snapshot)


def _take(session: Session) -> Snapshot:
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        found = [{c.key: row._mapping[c] for c in table.c} for row in session.execute(query)]
        if found:
            rows[table.name] = found
    sequences: list[tuple[str, int]] = []
    if session.get_bind().dialect.name == "sqlite":
        has = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"))
        if has.first():
            sequences = [
                (n, s) for n, s in session.execute(text("SELECT name, seq FROM sqlite_sequence"))
            ]
    return Snapshot(rows, sequences)


def _restore(session: Session, snapshot: Snapshot) -> None:
    """Replace whatever the database holds (what building the runtime wrote) by the snapshot."""
    for table in reversed(metadata.sorted_tables):
        session.execute(table.delete())
    for table in metadata.sorted_tables:
        if table.name in snapshot.rows:
            session.execute(insert(table), snapshot.rows[table.name])
    if session.get_bind().dialect.name == "postgresql":
        _advance_sequences(session, snapshot)
    elif snapshot.sequences:
        session.execute(text("DELETE FROM sqlite_sequence"))
        for name, seq in snapshot.sequences:
            session.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES (:n, :s)"),
                {"n": name, "s": seq},
            )


def _advance_sequences(session: Session, snapshot: Snapshot) -> None:
    """Each serial id's sequence past the restored rows, in one round trip."""
    calls = []
    for table in metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        found = snapshot.rows.get(table.name)
        if not found or len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        if pk[0].autoincrement not in (True, "auto"):
            continue
        top = max(int(r[pk[0].key]) for r in found)
        calls.append(f"setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), {top})")
    if calls:
        session.execute(text("SELECT " + ", ".join(calls)))
