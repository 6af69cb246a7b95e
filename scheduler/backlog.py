"""What the ticks have not yet reached: due occurrences after the tick mark, and pending timers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.db import Database
from bot.schedule import occurrences
from bot.stores.tables.schedule import TickMark, TimerRow
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
