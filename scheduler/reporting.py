"""Turn expired and dead outbox rows into reports (team lead, trust admin), exactly once each."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import reports, wire
from bot.messages import Edit
from bot.stores.tables.schedule import OutboxRow
from scheduler.outbox import enqueue

log = logging.getLogger(__name__)
REPORT = "report."


def _where(row: OutboxRow) -> str:
    item = wire.loads(row.payload)
    if isinstance(item, Edit):
        return f"{item.posted.conversation} on {row.platform.title()}"
    return f"{item.to.conversation} on {row.platform.title()}"


def report_failures(session: Session, now: datetime, limit: int = 200) -> int:
    """Enqueue a report for each unreported expired or dead row; returns how many rows."""
    rows = session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.status.in_(("expired", "dead")),
            OutboxRow.reported_at.is_(None),
            OutboxRow.kind.not_like(f"{REPORT}%"),
        )
        .order_by(OutboxRow.id)
        .limit(limit)
    ).all()
    for row in rows:
        if row.status == "expired":
            addresses, text = reports.expired_report(
                session,
                kind=row.kind,
                team_id=row.team_id,
                due_at=row.due_at,
                reason=row.last_error or "the scheduler was not running",
            )
        else:
            addresses, text = reports.dead_report(
                session,
                kind=row.kind,
                team_id=row.team_id,
                where=_where(row),
                reason=row.last_error,
            )
        if not addresses:
            log.warning("no one to tell that outbox row %s is %s", row.idem_key, row.status)
        for post in reports.as_posts(addresses, text, f"report:{row.id}"):
            enqueue(
                session,
                post,
                key=post.key,
                now=now,
                kind=f"{REPORT}{row.status}",
                team_id=row.team_id,
            )
        session.execute(update(OutboxRow).where(OutboxRow.id == row.id).values(reported_at=now))
    return len(rows)
