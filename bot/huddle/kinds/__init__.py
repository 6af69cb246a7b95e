"""Measure kinds as values: how a typed answer is parsed, checked, shown, bounded and charted.

Every place that needs to know what a count, a percent or a ratio is asks its `Kind` here
(`kind_of(measure)`), so a new kind is one entry in `KINDS`, not a string checked in many files.
"""

from __future__ import annotations

from bot.huddle.kinds.base import Kind, Measured, Typed, YesNo, name_of, number_text
from bot.huddle.kinds.ratio import Ratio, per_of

__all__ = ["KINDS", "Kind", "Measured", "Typed", "kind_of", "name_of", "number_text", "per_of"]

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("count", "a whole number", "1", whole=True, low=0, field="integer",
             rare_events=True, aggregates=True, feeds_wholes=True),
        Kind("percent", "a percentage", "92%", low=0, high=100, suffix="%", fraction=True,
             units=("%", "percent", "pct")),
        Kind("score", "a whole number", "4", whole=True, default_low=1, default_high=5,
             field="integer"),
        Kind("number", "a number", "1", feeds_wholes=True),
        Kind("minutes", "minutes", "30", low=0, suffix=" min", feeds_wholes=True,
             units=("min", "mins", "minute", "minutes")),
        YesNo("yesno", "yes or no", "yes", low=0, high=1, field="yesno"),
        Ratio("ratio", "a ratio", "23/25", low=0, field="text", keeps_parts=True),
    )
}  # fmt: skip


def kind_of(measure: Measured | str) -> Kind:
    """The kind of a measure, or the kind a configuration word names (unknown: KeyError)."""
    return KINDS[measure if isinstance(measure, str) else measure.kind]
