"""A ratio fed its whole by another measure: `bed falls 2` is 2 over the day's bed days (typed
in the same answer, or recorded earlier that day), so the ward types only the part."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from bot.huddle.kinds import Typed, kind_of, number_text
from bot.huddle.measures import active_measure
from bot.huddle.readings import Readings
from bot.stores.tables.core import Measure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_PART = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*$")


def whole_of(
    session: Session, measure: Measure, day: date, typed: Mapping[str, str]
) -> float | None:
    """The day's value of the measure that feeds this ratio's whole (None if not known)."""
    feeder = active_measure(session, measure.team_id, measure.denominator_key or "")
    if feeder is None:
        return None
    if typed.get(feeder.key):
        checked = kind_of(feeder).parse(feeder, typed[feeder.key])
        return checked.value if isinstance(checked, Typed) else None
    reading = Readings(session).current(feeder, day)
    return reading.value if reading is not None else None


def fed(session: Session, measure: Measure, day: date, raw: str, typed: Mapping[str, str]) -> str:
    """`raw` with its whole added when the ratio is fed one and only the part was typed."""
    if not measure.denominator_key or not _PART.match(raw):
        return raw
    whole = whole_of(session, measure, day, typed)
    return raw if whole is None else f"{raw.strip()}/{number_text(whole)}"
