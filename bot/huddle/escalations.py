"""Escalations asked in one place: the open items, one item by its number, a new item and its
steps, and its pending response-by timer."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Team
from bot.stores.tables.huddle import Escalation, EscalationStep
from bot.stores.tables.schedule import TimerRow

TIMER = "huddle.escalation_due"  # the timer kind of an item's response-by time


def open_escalations(session: Session, team_ids: Collection[int] | None = None) -> list[Escalation]:
    """The open items of these teams (None: every team), oldest first."""
    query = select(Escalation).where(Escalation.state != "resolved").order_by(Escalation.id)
    if team_ids is not None:
        query = query.where(Escalation.team_id.in_(team_ids))
    return list(session.scalars(query))


def step(
    session: Session, item: Escalation, what: str, person_id: int | None, at: datetime
) -> None:
    """One step in the item's history (raised, acknowledged, sent on, resolved …)."""
    session.add(EscalationStep(escalation_id=item.id, at=at, person_id=person_id, step=what))


class Escalations:
    """The escalations of one session's database, as a handler asks for them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open(self, team_ids: Collection[int] | None = None) -> list[Escalation]:
        """The open items of these teams (None: every team), oldest first."""
        return open_escalations(self.session, team_ids)

    def waiting_at(self, seat: Team) -> list[Escalation]:
        """The open items with this tier (a division's from its teams; the trust's from
        anywhere), by response-by time."""
        query = select(Escalation).where(
            Escalation.state != "resolved", Escalation.tier == seat.tier
        )
        if seat.tier == "division":
            query = query.where(Escalation.division_id == seat.division_id)
        return list(self.session.scalars(query.order_by(Escalation.respond_by, Escalation.id)))

    def get(self, ident: str) -> Escalation | None:
        """The item numbered `ident` (as typed: `12` or `#12`), if there is one."""
        ident = ident.strip().lstrip("#")
        return self.session.get(Escalation, int(ident)) if ident.isdigit() else None

    def add(self, item: Escalation) -> Escalation:
        """A new item stored (it gets its number) with its "raised" step."""
        self.session.add(item)
        self.session.flush()
        step(self.session, item, "raised", item.raised_by, item.raised_at)
        return item

    def step(self, item: Escalation, what: str, person_id: int | None, at: datetime) -> None:
        """One step in the item's history."""
        step(self.session, item, what, person_id, at)

    def cancel_timer(self, item: Escalation) -> None:
        """The item's pending response-by timer is cancelled (it was answered or sent on)."""
        for timer in self.session.scalars(
            select(TimerRow).where(
                TimerRow.kind == TIMER,
                TimerRow.ref == f"esc:{item.id}",
                TimerRow.status == "pending",
            )
        ):
            timer.status = "cancelled"
