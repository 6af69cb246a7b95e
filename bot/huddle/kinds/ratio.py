"""The ratio kind: a part over a whole, kept as both numbers (hours filled / hours planned,
falls per 1,000 occupied bed days)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.huddle.kinds.base import _TYPED, Kind, Measured, Typed, figure, name_of, number_text


def per_of(measure: Measured) -> float:
    """The multiplier: 100 (shown as %) unless the measure says e.g. per 1,000 bed days."""
    return measure.per or 100.0


def _as_percent(measure: Measured) -> bool:
    return per_of(measure) == 100 and not measure.unit


@dataclass(frozen=True)
class Ratio(Kind):
    """Numerator and denominator typed as `23/25`; the figure is numerator / denominator × per."""

    def accepted(self, measure: Measured) -> str:
        if measure.denominator_key:
            whole = measure.denominator_key.replace("-", " ").replace("_", " ")
            return f"the part alone once {whole} is recorded, or two numbers like 2/650"
        return "two numbers like 23/25 (the part, then the whole)"

    def hint(self, measure: Measured) -> str:
        if measure.denominator_key:
            return f"the part, over {measure.denominator_key.replace('-', ' ')}; or part/whole"
        return "part/whole, e.g. 23/25"

    def unit(self, measure: Measured) -> str:
        if _as_percent(measure):
            return "%"
        return f"per {per_of(measure):,g} {measure.unit}".rstrip()

    def parse(self, measure: Measured, raw: str) -> Typed | str:
        name = name_of(measure)
        match = _TYPED.match(raw.strip().lower())
        if not match or match.group(2) is None or match.group(3):
            return f"{name} '{raw}' is not a ratio: {name} takes {self.accepted(measure)}"
        top, bottom = figure(match.group(1)), figure(match.group(2))
        if bottom <= 0 or top < 0:
            return (
                f"{name} {number_text(top)}/{number_text(bottom)} needs a part of 0 or more "
                "and a whole above 0"
            )
        return Typed(round(top / bottom * per_of(measure), 4), top, bottom)

    def figure(self, measure: Measured, value: float) -> str:
        return number_text(round(value, 1))

    def shown(self, measure: Measured, typed: Typed) -> str:
        figure = self.figure(measure, typed.value)
        unit = "%" if _as_percent(measure) else f" {self.unit(measure)}"
        parts = ""
        if typed.numerator is not None and typed.denominator is not None:
            parts = f" ({number_text(typed.numerator)}/{number_text(typed.denominator)})"
        return f"{name_of(measure)} {figure}{unit}{parts}"

    def initial(self, typed: Typed) -> str:
        if typed.numerator is None or typed.denominator is None:
            return ""
        return f"{number_text(typed.numerator)}/{number_text(typed.denominator)}"
