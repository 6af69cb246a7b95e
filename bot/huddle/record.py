"""Saving a day's values: a correction adds a reading and marks the old one superseded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.huddle import anonymous
from bot.huddle.kinds import Typed
from bot.huddle.once import insert_once
from bot.huddle.readings import current
from bot.stores.tables.core import Measure, Person, Reading, Team
from bot.stores.tables.huddle import HuddleLog


@dataclass(frozen=True)
class Saved:
    """One value that was recorded, and the value it replaced (None when new or anonymous)."""

    measure: Measure
    value: float
    was: float | None = None
    numerator: float | None = None  # a fraction's parts, as typed (23/25)
    denominator: float | None = None

    @property
    def typed(self) -> Typed:
        return Typed(self.value, self.numerator, self.denominator)


def save(
    session: Session,
    team: Team,
    person: Person,
    day: date,
    values: list[tuple[Measure, Typed]],
    now: datetime,
    today: date,
    source: str = "chat",
    key: bytes = b"",
) -> list[Saved]:
    """Record each value for `day`, keeping history, and log that the huddle happened."""
    saved = []
    for measure, typed in values:
        value, parts = typed.value, (typed.numerator, typed.denominator)
        if measure.anonymous:
            anonymous.answer(session, team, measure, day, person.id, value, today, key)
            saved.append(Saved(measure, value))
            continue
        old = current(session, measure, day)
        same = old is not None and (old.value, old.numerator, old.denominator) == (value, *parts)
        if same and old is not None and old.feed is None:
            saved.append(Saved(measure, value, None, *parts))
            continue  # a fed value typed again is confirmed: a reading of the person's own
        if old is not None:
            old.superseded_at = now
        session.add(
            Reading(
                measure_id=measure.id,
                day=day,
                value=value,
                numerator=typed.numerator,
                denominator=typed.denominator,
                person_id=person.id,
                recorded_at=now,
                source=source,
            )
        )
        was = old.value if old is not None and not same else None
        saved.append(Saved(measure, value, was, *parts))
    if any(not item.measure.anonymous for item in saved):
        held(session, team, day, now)  # a private anonymous answer alone does not say it was held
    session.flush()
    return saved


def held(session: Session, team: Team, day: date, now: datetime, nothing: bool = False) -> None:
    """Note in the huddle log that the team's huddle happened that day."""
    query = select(HuddleLog).where(HuddleLog.team_id == team.id, HuddleLog.day == day)
    row = session.scalar(query)
    if row is None:
        insert_once(
            session,
            HuddleLog,
            team_id=team.id,
            day=day,
            held=True,
            nothing_to_record=nothing,
            first_at=now,
            last_at=now,
        )
        row = session.scalar(query)  # ours, or the one another answer added a moment ago
        assert row is not None
    row.held, row.last_at = True, max(row.last_at, now)
    row.nothing_to_record = row.nothing_to_record and nothing
    session.flush()
