"""What the chart chooser needs to know of a measure, and the trust's Making Data Count settings.

These two values are the contract between the measure kinds, the trust configuration and the chart
analysis: the configuration fills `ChartSettings` (per trust, overridden per measure), a measure's
kind fills `MeasureSpec`, and every view asks one analysis built from both.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

CHARTS = ("auto", "xmr", "t", "g", "run")
AGGREGATES = ("day", "week", "month")
MISSING_DAYS = ("gap", "skip")
DIRECTIONS = ("increase", "decrease", "neutral")


@dataclass(frozen=True)
class MeasureSpec:
    """A measure as the analysis sees it: its kind, which way is better, target and bounds."""

    kind: str  # count | percent | score | number | minutes | yesno | ratio
    direction: str = "neutral"  # increase | decrease | neutral
    target: float | None = None
    minimum: float | None = None  # physical lower bound (0 for counts), None when unbounded
    maximum: float | None = None  # physical upper bound (100 for percent), None when unbounded
    aggregate: str = "day"  # day | week | month
    unit: str = ""


@dataclass(frozen=True)
class ChartSettings:
    """Making Data Count options; the defaults are the reference behaviour (spc-rules §9).

    The field names are the configuration keys (`charts:` per trust and per measure)."""

    chart: str = "auto"  # auto | xmr | t | g | run
    baseline_points: int = 20  # limits are fixed on the first N points (or a rebase period)
    trend_length: int = 7  # 6 or 7
    shift_length: int = 7  # 6 or 7
    improvement_wins: bool = False  # MDC single chart tool: improvement outranks concern
    two_of_three_counts_beyond_limits: bool = False  # MDC 2023+ variant
    missing_days: str = "gap"  # gap: a missing day breaks runs and ranges | skip: runs go across

    def __post_init__(self) -> None:
        problem = settings_problem(self)
        if problem:
            raise ValueError(problem)

    def overridden(self, changes: dict[str, Any]) -> ChartSettings:
        """These settings with a measure's own overrides (unknown keys are a ValueError)."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown chart setting {sorted(unknown)[0]!r}")
        return replace(self, **changes)


def settings_problem(s: ChartSettings) -> str | None:
    """Why these settings cannot be used, in words for the person who wrote the configuration."""
    if s.chart not in CHARTS:
        return f"chart must be one of {', '.join(CHARTS)}"
    if not isinstance(s.baseline_points, int) or isinstance(s.baseline_points, bool):
        return "baseline_points must be a whole number"
    if not 2 <= s.baseline_points <= 500:
        return "baseline_points must be from 2 to 500"
    for name in ("trend_length", "shift_length"):
        if getattr(s, name) not in (6, 7):
            return f"{name} must be 6 or 7"
    for name in ("improvement_wins", "two_of_three_counts_beyond_limits"):
        if not isinstance(getattr(s, name), bool):
            return f"{name} must be true or false"
    if s.missing_days not in MISSING_DAYS:
        return f"missing_days must be one of {', '.join(MISSING_DAYS)}"
    return None
