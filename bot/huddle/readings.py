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
from bot.tiers.derived import derived_values

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
    if (measure.derived_json or "{}") != "{}":  # a tier's sum or mean of its teams' measures
        return derived_values(session, measure, last, first)
    query = select(Reading.day, Reading.value).where(
        Reading.measure_id == measure.id, Reading.day <= last, CURRENT
    )
    if first is not None:
        query = query.where(Reading.day >= first)
    rows = session.execute(query.order_by(Reading.day, Reading.recorded_at, Reading.id))
    return {day: value for day, value in rows}  # a later reading of a day wins


def latest(session: Session, measure: Measure, last: date | None = None) -> Latest | None:
    """The latest current reading (on or before `last`), or None when nothing is recorded."""
    if (measure.derived_json or "{}") != "{}":  # made from the teams' values: the latest day
        made = daily_values(session, measure, last) if last else {}
        day = max(made, default=None)
        return None if day is None else Latest(day, Typed(made[day]))
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


class Readings:
    """The readings of one session's database, as a handler asks for them (`ctx.readings`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, measure: Measure, day: date) -> Reading | None:
        """The day's current reading."""
        return current(self.session, measure, day)

    def daily_values(
        self, measure: Measure, last: date, first: date | None = None
    ) -> dict[date, float]:
        """The current value of each day up to `last` (from `first`), in day order."""
        return daily_values(self.session, measure, last, first)

    def latest(self, measure: Measure, last: date | None = None) -> Latest | None:
        """The latest current reading (on or before `last`)."""
        return latest(self.session, measure, last)

    def latest_day(self, measure: Measure) -> date | None:
        """The last day with a current reading."""
        return latest_day(self.session, measure)

    def day_history(self, measure: Measure, day: date) -> list[Reading]:
        """Every reading of that day, oldest first."""
        return day_history(self.session, measure, day)
