"""A measure's whole history as chart rows: one row per huddle day, missing days kept as gaps.

Rows run from the measure's first recorded value to its latest recorded day up to `as_of`. A row is
every day the team huddles (its huddle days of the week, bank holidays left out where every slot
skips them; every day when no huddle time is set) and every day that has a value. A day with no
value is missing (None), never zero, with one exception: for a count measure, a huddle held with
`/huddle none` ("nothing to record") records zero events that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.huddle.kinds import kind_of
from bot.huddle.readings import daily_values
from bot.schedule.bank import bank_holiday
from bot.schedule.days import parse_days
from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import HuddleSlot, Measure, Team, Trust
from bot.stores.tables.huddle import HuddleLog

EVERY_DAY = frozenset(range(7))


@dataclass(frozen=True)
class History:
    """A measure's rows (oldest first), which were `/huddle none` zeros, and its change points."""

    days: tuple[date, ...]
    values: tuple[float | None, ...]  # None: nothing recorded that huddle day
    none_days: tuple[date, ...]  # count measures: held with nothing to record, charted as 0
    rebases: tuple[tuple[date, str], ...]  # (first row with a value after the change, reason)

    @property
    def recorded(self) -> int:
        """How many rows have a value."""
        return sum(v is not None for v in self.values)


def nothing_days(session: Session, team_id: int, last: date) -> set[date]:
    """Days up to `last` on which the team's huddle was held with nothing to record."""
    return set(
        session.scalars(
            select(HuddleLog.day).where(
                HuddleLog.team_id == team_id,
                HuddleLog.held.is_(True),
                HuddleLog.nothing_to_record.is_(True),
                HuddleLog.day <= last,
            )
        )
    )


def huddle_weekdays(session: Session, team_id: int) -> tuple[frozenset[int], bool]:
    """The weekdays (Monday 0) the team huddles, and whether bank holidays are left out."""
    slots = list(session.scalars(select(HuddleSlot).where(HuddleSlot.team_id == team_id)))
    if not slots:
        return EVERY_DAY, False
    weekdays: set[int] = set()
    for slot in slots:
        try:
            weekdays |= parse_days(slot.days)
        except ValueError:
            weekdays |= EVERY_DAY
    return frozenset(weekdays), all(s.bank_holidays == "skip" for s in slots)


def rebases_of(session: Session, measure: Measure) -> list[Rebase]:
    return list(
        session.scalars(select(Rebase).where(Rebase.measure_id == measure.id).order_by(Rebase.day))
    )


def _row_days(
    session: Session, team: Team, first: date, last: date, known: set[date]
) -> list[date]:
    """Every huddle day from `first` to `last`, and every day that has a value."""
    weekdays, skip_holidays = huddle_weekdays(session, team.id)
    region = session.scalar(select(Trust.bank_holiday_region).where(Trust.id == team.trust_id))

    def huddles(day: date) -> bool:
        if day.weekday() not in weekdays:
            return False
        return not (skip_holidays and region and bank_holiday(day, region))

    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [day for day in days if day in known or huddles(day)]


def history(session: Session, team: Team, measure: Measure, as_of: date) -> History:
    """All of the measure's rows up to `as_of`, each change point moved onto the first row at or
    after it that has a value (a group starts at a charted value)."""
    values: dict[date, float | None] = dict(daily_values(session, measure, as_of))
    if not values:
        return History((), (), (), ())
    none_days: list[date] = []
    if kind_of(measure).rare_events:  # counts; from the first value on, not before it existed
        start = min(values)
        for day in nothing_days(session, team.id, as_of) - set(values):
            if day > start:
                values[day] = 0.0
                none_days.append(day)
    days = _row_days(session, team, min(values), max(values), set(values))
    starts: dict[date, str] = {}
    for rebase in rebases_of(session, measure):
        first = next((d for d in days if d >= rebase.day and values.get(d) is not None), None)
        if first is not None and first != days[0]:
            starts[first] = rebase.reason
    return History(
        tuple(days),
        tuple(values.get(d) for d in days),
        tuple(sorted(none_days)),
        tuple(sorted(starts.items())),
    )


def gaps(days: tuple[date, ...], values: tuple[float | None, ...]) -> tuple[tuple[date, int], ...]:
    """Each run of missing rows: (its first day, how many rows)."""
    out: list[tuple[date, int]] = []
    start: date | None = None
    count = 0
    for day, value in zip(days, values, strict=True):
        if value is None:
            start, count = (start or day), count + 1
        elif start is not None:
            out.append((start, count))
            start, count = None, 0
    if start is not None:
        out.append((start, count))
    return tuple(out)
