"""One-off timed items other capabilities schedule inside their own DB session.

`set_timer(session, "escalation.overdue", due_at, team_id=3, local_date=d, ref="esc:12")` makes
the scheduler hand `Due(kind="escalation.overdue", …, ref="esc:12")` to the core's composer once
`due_at` has passed. Idempotent on `(kind, team_id, local_date, slot)`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.stores.tables.schedule import TimerRow


def set_timer(
    session: Session,
    kind: str,
    due_at: datetime,
    *,
    team_id: int | None = None,
    local_date: date,
    slot: str = "",
    ref: str = "",
    not_after: datetime | None = None,
    now: datetime,
) -> bool:
    """Schedule a one-off item; a pending timer with the same key is moved to the new time.

    `now` is the caller's clock (`ctx.now`), kept for the retention purge.
    Returns False when that key has already fired (it will not fire twice).
    """
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    key = (TimerRow.kind == kind, TimerRow.team_id == (team_id or 0))
    found = session.scalars(
        select(TimerRow).where(*key, TimerRow.local_date == local_date, TimerRow.slot == slot)
    ).first()
    if found is None:
        session.add(
            TimerRow(
                kind=kind,
                team_id=team_id or 0,
                local_date=local_date,
                slot=slot,
                ref=ref,
                due_at=due_at,
                not_after=not_after,
                status="pending",
                created_at=now,
            )
        )
        session.flush()
        return True
    if found.status == "fired":
        return False
    found.due_at, found.ref, found.not_after, found.status = due_at, ref, not_after, "pending"
    session.flush()
    return True


def cancel_timer(
    session: Session, kind: str, *, team_id: int | None = None, local_date: date, slot: str = ""
) -> bool:
    """Cancel a pending timer; True if there was one to cancel."""
    result = session.execute(
        update(TimerRow)
        .where(
            TimerRow.kind == kind,
            TimerRow.team_id == (team_id or 0),
            TimerRow.local_date == local_date,
            TimerRow.slot == slot,
            TimerRow.status == "pending",
        )
        .values(status="cancelled")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
