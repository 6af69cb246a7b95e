"""A measure kind as a value: how a typed answer is parsed, checked, shown and bounded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

YES = {"yes", "y", "true", "done", "1"}
NO = {"no", "n", "false", "0"}
ZERO = {"none", "nil", "zero"}
_NUM = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:[.,]\d+)?"  # 1,000 is a thousand; 1,5 is 1.5
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_TYPED = re.compile(rf"^({_NUM})(?:\s*/\s*({_NUM}))?\s*(%|percent|pct|mins?|minutes?)?$")


class Measured(Protocol):
    """What a kind needs of a measure: its own range, unit, and a ratio's multiplier."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def minimum(self) -> float | None: ...
    @property
    def maximum(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def per(self) -> float | None: ...
    @property
    def denominator_key(self) -> str | None: ...


@dataclass(frozen=True)
class Typed:
    """A checked answer: the figure stored and charted, and a fraction's parts when typed."""

    value: float
    numerator: float | None = None
    denominator: float | None = None


def figure(text: str) -> float:
    """A typed number: `1,000` (thousands) is 1000, `2,5` (a decimal comma) is 2.5."""
    if _THOUSANDS.match(text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def number_text(number: float) -> str:
    """`3`, `2.5`, `92`: a figure without a trailing `.0`."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def name_of(measure: Measured) -> str:
    return measure.key.replace("-", " ").replace("_", " ")


def _fraction(typed: Typed) -> str:
    if typed.numerator is None or typed.denominator is None:
        return ""
    return f" ({number_text(typed.numerator)}/{number_text(typed.denominator)})"


@dataclass(frozen=True)
class Kind:
    """One measure kind. Bounds are physical (0 for counts, 0–100 for percent), tightened by the
    measure's own min and max; `rare_events` marks kinds a time-between-events chart suits."""

    name: str
    noun: str  # "a whole number", "a percentage", "minutes"
    example: str
    whole: bool = False
    low: float | None = None
    high: float | None = None
    default_low: float | None = None  # used when the measure sets no min (a score: 1)
    default_high: float | None = None
    suffix: str = ""  # "%" or " min" after a shown value
    field: str = "decimal"  # the form field's kind (bot.messages.Field.kind)
    rare_events: bool = False
    aggregates: bool = False  # may be summed by week or month before charting
    fraction: bool = False  # `23/25` is understood (as 92 %)
    keeps_parts: bool = False  # a ratio: both numbers are the answer (a `per`, never anonymous)
    feeds_wholes: bool = False  # may be the whole a ratio is over (bed days, hours planned)
    units: tuple[str, ...] = ()  # words that may follow a typed value (`30 mins`, `92 percent`)

    def bounds(self, measure: Measured) -> tuple[float | None, float | None]:
        """The lowest and highest value this measure takes (None: unbounded)."""
        lo = _tighter(self.low, measure.minimum, higher=True)
        hi = _tighter(self.high, measure.maximum, higher=False)
        return (self.default_low if lo is None else lo, self.default_high if hi is None else hi)

    def accepted(self, measure: Measured) -> str:
        """What the measure takes, as a phrase: "a whole number from 1 to 5"."""
        lo, hi = self.bounds(measure)
        if lo is not None and hi is not None:
            return f"{self.noun} from {number_text(lo)} to {number_text(hi)}"
        if lo is not None:
            return f"{self.noun}, {number_text(lo)} or more"
        if hi is not None:
            return f"{self.noun}, {number_text(hi)} or less"
        return self.noun

    def hint(self, measure: Measured) -> str:
        """The short hint under a form field: `0 or more`, `%, 0–100`, `1–5`."""
        lo, hi = self.bounds(measure)
        span = ""
        if lo is not None and hi is not None:
            span = f"{number_text(lo)}–{number_text(hi)}"
        elif lo is not None:
            span = f"{number_text(lo)} or more"
        unit = {"%": "%", " min": "minutes"}.get(self.suffix, "")
        return ", ".join(part for part in (unit, span) if part)

    def unit(self, measure: Measured) -> str:
        """The unit charts and summaries print: `%`, `min`, or the measure's own."""
        return self.suffix.strip() or measure.unit

    def parse(self, measure: Measured, raw: str) -> Typed | str:
        """The checked answer, or why `raw` cannot be recorded (in words for who typed it)."""
        name, typed = name_of(measure), raw.strip().lower()
        typed = "0" if typed in ZERO else typed
        match = _TYPED.match(typed)
        if not match:
            return f"{name} '{raw}' is not a number: {name} takes {self.accepted(measure)}"
        number = figure(match.group(1))
        if match.group(2) is not None:
            if not self.fraction:
                return f"{name} '{raw}' is not one number: {name} takes {self.accepted(measure)}"
            parts = self._fraction(measure, number, figure(match.group(2)))
            if isinstance(parts, str):
                return parts
            return self._in_range(measure, parts)
        if self.whole and not number.is_integer():
            return (
                f"{name} {number_text(number)} is not a whole number: "
                f"{name} takes {self.accepted(measure)}"
            )
        return self._in_range(measure, Typed(number))

    def _fraction(self, measure: Measured, top: float, bottom: float) -> Typed | str:
        name = name_of(measure)
        if bottom <= 0 or top < 0:
            return f"{name} {number_text(top)}/{number_text(bottom)} needs a denominator above 0"
        if top > bottom:
            return (
                f"{name} {number_text(top)}/{number_text(bottom)} is more than 100%: "
                "the first number is the part, the second the whole"
            )
        return Typed(round(100 * top / bottom, 2), top, bottom)

    def _in_range(self, measure: Measured, typed: Typed) -> Typed | str:
        lo, hi = self.bounds(measure)
        number, name = typed.value, name_of(measure)
        if (lo is None or number >= lo) and (hi is None or number <= hi):
            return typed
        if lo is not None and hi is not None:
            mark = "%" if self.suffix == "%" else ""
            return (
                f"{name} {number_text(number)}{mark}{_fraction(typed)} is outside "
                f"{number_text(lo)}–{number_text(hi)}{mark}: {name} takes {self.accepted(measure)}"
            )
        side = "below" if lo is not None and number < lo else "above"
        return f"{name} {number_text(number)} is {side} what it takes: {self.accepted(measure)}"

    def shown(self, measure: Measured, typed: Typed) -> str:
        """A recorded value in a reply: `falls 1`, `staffing 92% (23/25)`, `handover 35 min`."""
        unit = self.suffix or (f" {measure.unit}" if measure.unit else "")
        return f"{name_of(measure)} {number_text(typed.value)}{unit}{_fraction(typed)}"

    def figure(self, measure: Measured, value: float) -> str:
        """The bare figure, as rounded in replies (`3.1` for a rate)."""
        return number_text(value)

    def initial(self, typed: Typed) -> str:
        """The value as it is typed back into a form."""
        return number_text(typed.value)

    def range_problem(self, low: float | None, high: float | None) -> str | None:
        """Why a measure's own min and max cannot be used with this kind (None when they can)."""
        if low is not None and high is not None and low > high:
            return f"min {number_text(low)} is above max {number_text(high)}"
        for edge, value in (("min", low), ("max", high)):
            if value is None:
                continue
            if (self.low is not None and value < self.low) or (
                self.high is not None and value > self.high
            ):
                return f"{edge} {number_text(value)} is outside what a {self.name} can be"
        return None


def _tighter(fixed: float | None, own: float | None, higher: bool) -> float | None:
    """The narrower of the kind's fixed bound and the measure's own (None where neither is)."""
    if fixed is None or own is None:
        return own if fixed is None else fixed
    return max(fixed, own) if higher else min(fixed, own)


@dataclass(frozen=True)
class YesNo(Kind):
    """Yes or no, stored as 1 or 0 (charted as the share of days answered yes)."""

    def accepted(self, measure: Measured) -> str:
        return "yes or no"

    def hint(self, measure: Measured) -> str:
        return "yes or no"

    def parse(self, measure: Measured, raw: str) -> Typed | str:
        typed = raw.strip().lower()
        if typed in YES:
            return Typed(1.0)
        if typed in NO:
            return Typed(0.0)
        return f"{name_of(measure)} '{raw}' is not yes or no"

    def shown(self, measure: Measured, typed: Typed) -> str:
        return f"{name_of(measure)} {'yes' if typed.value else 'no'}"

    def initial(self, typed: Typed) -> str:
        return "yes" if typed.value else "no"
