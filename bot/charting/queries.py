"""What the chart features read besides a measure's own series (`bot.charting.series`): the
trust, teams and divisions they name, a measure's change points as recorded, and a division's
open escalations for the board pack."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import Division, Measure, Team, Trust
from bot.stores.tables.huddle import Escalation


def first_trust(session: Session) -> Trust | None:
    return session.scalar(select(Trust).order_by(Trust.id).limit(1))


def team_named(session: Session, trust_id: int, key: str) -> Team | None:
    return session.scalar(select(Team).where(Team.trust_id == trust_id, Team.key == key.lower()))


def division_named(session: Session, trust_id: int, key: str) -> Division | None:
    word = key.strip().lower()
    return session.scalar(
        select(Division).where(Division.trust_id == trust_id, Division.key == word)
    )


def ward_teams(
    session: Session, trust_id: int, division: Division | None = None, retired: bool = False
) -> list[Team]:
    """The trust's teams (not tiers) in key order: one division's when given, and the retired
    ones too when asked."""
    query = select(Team).where(Team.trust_id == trust_id, Team.tier == "team")
    if not retired:
        query = query.where(Team.retired_at.is_(None))
    if division is not None:
        query = query.where(Team.division_id == division.id)
    return list(session.scalars(query.order_by(Team.key)))


def divisions_by_id(session: Session) -> dict[int, Division]:
    return {d.id: d for d in session.scalars(select(Division))}


def open_escalations(session: Session, division_id: int) -> list[tuple[Escalation, str]]:
    """A division's escalations not yet resolved, oldest first, with their team's name."""
    rows = session.execute(
        select(Escalation, Team.name)
        .join(Team, Team.id == Escalation.team_id)
        .where(Escalation.division_id == division_id, Escalation.state != "resolved")
        .order_by(Escalation.raised_at, Escalation.id)
    )
    return list(rows.tuples())


def save_rebase(
    session: Session,
    measure: Measure,
    day: date,
    reason: str,
    person_id: int | None,
    now: datetime,
) -> Rebase:
    """Store a change point (a second one on the same day replaces the reason)."""
    query = select(Rebase).where(Rebase.measure_id == measure.id, Rebase.day == day)
    row = session.scalar(query)
    if row is None:
        row = Rebase(measure_id=measure.id, day=day)
        session.add(row)
    row.reason, row.person_id, row.recorded_at = reason, person_id, now
    session.flush()
    return row
