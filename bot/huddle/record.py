"""Saving a day's values: a correction adds a reading and marks the old one superseded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.huddle import anonymous
from bot.huddle.huddle_log import held
from bot.huddle.kinds import Typed
from bot.huddle.readings import current
from bot.stores.tables.core import Measure, Person, Reading, Team

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
