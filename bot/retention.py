"""Retention: how long each kind of record is kept, and the purge that enforces it.

Defaults: inbound delivery ids (and answered inbox rows, whose text is cleared once
answered) 30 days, delivered outbox rows (and their occurrences, timers and
post locations) 90 days, audit 6 years; measures, readings and ideas are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from bot.stores.tables import metadata
from bot.stores.tables.core import Trust

FINISHED = ("sent", "skipped", "expired", "dead")


@dataclass(frozen=True)
class Retention:
    inbound_days: int = 30
    outbox_days: int = 90
    audit_days: int = 6 * 366

    @classmethod
    def for_trust(cls, session: Session) -> Retention:
        trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
        block = json.loads(trust.settings_json or "{}").get("retention", {}) if trust else {}
        return cls(
            inbound_days=int(block.get("inbound_days", 30)),
            outbox_days=int(block.get("outbox_days", 90)),
            audit_days=int(block.get("audit_years", 6)) * 366,
        )


def _rules(policy: Retention, now: datetime) -> list[tuple[str, str, datetime, str | None]]:
    """(table, time column, cut-off, optional status column that must be finished)."""
    outbox_cut = now - timedelta(days=policy.outbox_days)
    return [
        ("inbound_seen", "seen_at", now - timedelta(days=policy.inbound_days), None),
        ("inbox", "received_at", now - timedelta(days=policy.inbound_days), "status"),
        ("outbox", "created_at", outbox_cut, "status"),
        ("occurrences", "created_at", outbox_cut, None),
        ("timers", "created_at", outbox_cut, "status"),
        ("postings", "at", outbox_cut, None),
        ("audit", "at", now - timedelta(days=policy.audit_days), None),
    ]


def _where(table: Table, column: str, cut: datetime, status: str | None):  # type: ignore[no-untyped-def]
    clauses = [table.c[column] < cut]
    if status == "status" and table.name == "outbox":
        clauses.append(table.c.status.in_(FINISHED))
    elif status == "status" and table.name == "inbox":
        clauses.append(table.c.status == "answered")  # work still to do is never purged
    elif status == "status" and table.name == "timers":
        clauses.append(table.c.status != "pending")
    return clauses


def purge(
    session: Session, now: datetime, dry_run: bool = False, policy: Retention | None = None
) -> dict[str, int]:
    """Delete what is past its period (or count it, with dry_run). Returns rows per table."""
    policy = policy or Retention.for_trust(session)
    counts: dict[str, int] = {}
    for name, column, cut, status in _rules(policy, now):
        table = metadata.tables.get(name)
        if table is None:
            continue
        where = _where(table, column, cut, status)
        counts[name] = session.scalar(select(func.count()).select_from(table).where(*where)) or 0
        if not dry_run and counts[name]:
            session.execute(delete(table).where(*where))
    return counts
