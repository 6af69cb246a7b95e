"""Escalations asked in one place: the open items (raised or acknowledged, not resolved)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.huddle import Escalation


def open_escalations(session: Session, team_ids: Collection[int] | None = None) -> list[Escalation]:
    """The open items of these teams (None: every team), oldest first."""
    query = select(Escalation).where(Escalation.state != "resolved").order_by(Escalation.id)
    if team_ids is not None:
        query = query.where(Escalation.team_id.in_(team_ids))
    return list(session.scalars(query))
