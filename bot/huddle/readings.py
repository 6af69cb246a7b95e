"""A measure's readings, asked in one place: the current value of a day, of each day, the latest.

A day may be recorded more than once; the current reading is the one not superseded (the
latest recorded, should two ever be current at once). Anonymous figures are never superseded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.huddle.kinds import Typed
from bot.stores.tables.core import Measure, Reading

CURRENT = Reading.superseded_at.is_(None)


@dataclass(frozen=True)
class Latest:
    """The most recent day with a current reading, and that reading as typed."""

    day: date
    typed: Typed


def current(session: Session, measure: Measure, day: date) -> Reading | None:
    """The day's current reading."""
    return session.scalars(
        select(Reading)
        .where(Reading.measure_id == measure.id, Reading.day == day, CURRENT)
        .order_by(Reading.recorded_at.desc(), Reading.id.desc())
    ).first()


def daily_values(
    session: Session, measure: Measure, last: date, first: date | None = None
) -> dict[date, float]:
    """The current value of each day up to `last` (from `first`), in day order."""
    query = select(Reading.day, Reading.value).where(
        Reading.measure_id == measure.id, Reading.day <= last, CURRENT
    )
    if first is not None:
        query = query.where(Reading.day >= first)
    rows = session.execute(query.order_by(Reading.day, Reading.recorded_at, Reading.id))
    return {day: value for day, value in rows}  # a later reading of a day wins


def latest(session: Session, measure: Measure, last: date | None = None) -> Latest | None:
    """The latest current reading (on or before `last`), or None when nothing is recorded."""
    query = select(Reading.day, Reading.value, Reading.numerator, Reading.denominator).where(
        Reading.measure_id == measure.id, CURRENT
    )
    if last is not None:
        query = query.where(Reading.day <= last)
    row = session.execute(
        query.order_by(Reading.day.desc(), Reading.recorded_at.desc(), Reading.id.desc()).limit(1)
    ).first()
    return None if row is None else Latest(row[0], Typed(*row[1:]))


def latest_day(session: Session, measure: Measure) -> date | None:
    """The last day with a current reading."""
    return session.scalar(
        select(func.max(Reading.day)).where(Reading.measure_id == measure.id, CURRENT)
    )


def day_history(session: Session, measure: Measure, day: date) -> list[Reading]:
    """Every reading of that day, oldest first: the current one has no `superseded_at`."""
    return list(
        session.scalars(
            select(Reading)
            .where(Reading.measure_id == measure.id, Reading.day == day)
            .order_by(Reading.recorded_at, Reading.id)
        )
    )
