"""Checking a typed value against its measure, and showing a recorded one, through its kind."""

from __future__ import annotations

from dataclasses import dataclass

from bot.huddle.kinds import Typed, kind_of, number_text
from bot.stores.tables.core import Measure, Reading

_fmt = number_text  # the older name, used across the huddle modules


@dataclass(frozen=True)
class Problem:
    """Why a value was not recorded, in words for the person who typed it."""

    measure: Measure | None
    text: str


def accepted(measure: Measure) -> str:
    """What the measure takes, as a phrase: "a whole number from 1 to 5"."""
    return kind_of(measure).accepted(measure)


def bounds(measure: Measure) -> tuple[float | None, float | None]:
    """The lowest and highest value the measure takes (None: unbounded)."""
    return kind_of(measure).bounds(measure)


def check(measure: Measure, raw: str) -> Typed | Problem:
    """The answer to store, or why `raw` cannot be recorded for `measure`."""
    result = kind_of(measure).parse(measure, raw)
    return Problem(measure, result) if isinstance(result, str) else result


def shown(measure: Measure, value: float | Typed) -> str:
    """A recorded value in a reply: `falls 1`, `staffing 92% (23/25)`, `handover 35 min`."""
    typed = value if isinstance(value, Typed) else Typed(value)
    return kind_of(measure).shown(measure, typed)


def typed_of(reading: Reading) -> Typed:
    """A stored reading as the answer it was typed as."""
    return Typed(reading.value, reading.numerator, reading.denominator)
