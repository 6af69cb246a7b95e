"""What the ticks have not yet reached: due occurrences after the tick mark, pending timers, and
the next moment anything falls due (so a simulated clock can jump straight to it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.db import Database
from bot.schedule import occurrences
from bot.stores.tables.schedule import OutboxRow, TickMark, TimerRow
from scheduler.plans import load_plans

LOOK_BACK = timedelta(days=1)  # a mark older than this is reported as its own age


def oldest_unenqueued(db: Database, now: datetime, name: str = "main") -> datetime | None:
    """The due time of the oldest occurrence or timer due by `now` that no tick has enqueued."""
    with db.session() as session:
        mark = session.scalar(select(TickMark.mark_at).where(TickMark.name == name))
        timer = session.scalar(
            select(func.min(TimerRow.due_at)).where(
                TimerRow.status == "pending", TimerRow.due_at <= now
            )
        )
        if mark is None or mark >= now:
            return timer
        if now - mark > LOOK_BACK:
            return mark
        due = [
            o.due.due_at
            for plan in load_plans(session)
            for o in occurrences(plan, mark, now)
            if o.status != "skipped"
        ]
    return min([*due, *([timer] if timer else [])], default=None)


def next_due(db: Database, after: datetime, until: datetime) -> datetime | None:
    """The first moment in (after, until] at which an occurrence, a timer or an outbox retry
    falls due; None when nothing does."""
    with db.session() as session:
        found = [
            o.due.due_at
            for plan in load_plans(session)
            for o in occurrences(plan, after, until)
            if o.status != "skipped"
        ]
        for column, pending in (
            (TimerRow.due_at, TimerRow.status == "pending"),
            (OutboxRow.next_attempt_at, OutboxRow.status.in_(("pending", "retry"))),
        ):
            first = session.scalar(
                select(func.min(column)).where(pending, column > after, column <= until)
            )
            if first is not None:
                found.append(first)
    return min(found, default=None)
