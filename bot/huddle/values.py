"""Checking a typed value against its measure: kind and range, with kind words when it is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.huddle.measures import label
from bot.stores.tables.core import Measure

YES = {"yes", "y", "true", "done", "1"}
NO = {"no", "n", "false", "0"}
ZERO = {"none", "nil", "zero"}
_NUMBER = re.compile(r"^(-?\d+(?:[.,]\d+)?)(?:/(\d+))?\s*(%|percent|pct|mins?|minutes?)?$")


@dataclass(frozen=True)
class Problem:
    """Why a value was not recorded, in words for the person who typed it."""

    measure: Measure | None
    text: str


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def accepted(measure: Measure) -> str:
    """What the measure takes, as a phrase: "a whole number from 1 to 5"."""
    lo, hi = measure.minimum, measure.maximum
    if measure.kind == "count":
        return "a whole number, 0 or more"
    if measure.kind == "percent":
        return "a percentage from 0 to 100"
    if measure.kind == "score":
        return f"a whole number from {_fmt(lo or 1)} to {_fmt(hi or 5)}"
    if measure.kind == "minutes":
        return "minutes, 0 or more"
    if measure.kind == "yesno":
        return "yes or no"
    if lo is not None and hi is not None:
        return f"a number from {_fmt(lo)} to {_fmt(hi)}"
    if lo is not None:
        return f"a number, {_fmt(lo)} or more"
    if hi is not None:
        return f"a number, {_fmt(hi)} or less"
    return "a number"


def bounds(measure: Measure) -> tuple[float | None, float | None]:
    if measure.kind in ("count", "minutes"):
        return 0.0, measure.maximum
    if measure.kind == "percent":
        return 0.0, 100.0
    if measure.kind == "score":
        return measure.minimum if measure.minimum is not None else 1.0, (
            measure.maximum if measure.maximum is not None else 5.0
        )
    if measure.kind == "yesno":
        return 0.0, 1.0
    return measure.minimum, measure.maximum


def check(measure: Measure, raw: str) -> float | Problem:
    """The value to store, or why `raw` cannot be recorded for `measure`."""
    typed = raw.strip().lower()
    name = label(measure)
    if measure.kind == "yesno":
        if typed in YES:
            return 1.0
        if typed in NO:
            return 0.0
        return Problem(measure, f"{name} '{raw}' is not yes or no")
    if typed in ZERO:
        typed = "0"
    match = _NUMBER.match(typed)
    if not match:
        return Problem(measure, f"{name} '{raw}' is not a number: {name} takes {accepted(measure)}")
    number = float(match.group(1).replace(",", "."))
    lo, hi = bounds(measure)
    whole = measure.kind in ("count", "score")
    if whole and not number.is_integer():
        return Problem(
            measure,
            f"{name} {_fmt(number)} is not a whole number: {name} takes {accepted(measure)}",
        )
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        if lo is not None and hi is not None:
            unit = "%" if measure.kind == "percent" else ""
            shown = f"{_fmt(number)}{unit}"
            return Problem(
                measure,
                f"{name} {shown} is outside {_fmt(lo)}–{_fmt(hi)}{unit}"
                f": {name} takes {accepted(measure)}",
            )
        side = "below" if lo is not None and number < lo else "above"
        return Problem(
            measure, f"{name} {_fmt(number)} is {side} what it takes: {accepted(measure)}"
        )
    return number


def shown(measure: Measure, value: float) -> str:
    """A recorded value in a reply: `falls 1`, `staffing 92%`, `handover 35 min`."""
    name = label(measure)
    if measure.kind == "percent":
        return f"{name} {_fmt(value)}%"
    if measure.kind == "minutes":
        return f"{name} {_fmt(value)} min"
    if measure.kind == "yesno":
        return f"{name} {'yes' if value else 'no'}"
    return f"{name} {_fmt(value)}{(' ' + measure.unit) if measure.unit else ''}"
