"""`"kind": "auto"` in the `huddlebot spc` contract: the bot's own chart choice and verdict.

Input: `"measure": {"kind", "direction", "target", "min", "max"}` and options naming the trust's
Making Data Count settings (`baseline_points`, `trend_length`, `shift_length`, `improvement_wins`,
`two_of_three_counts_beyond_limits`, `missing_days`, `chart`, `aggregate`), `rebase` dates and,
as for XmR, `improvement_direction` and `target`. Days missing between the first and last date
are days with nothing recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from bot.huddle.kinds import KINDS, kind_of
from bot.spc.options import DIRECTIONS, SpcInputError, number, parse_day
from bot.spc.settings import AGGREGATES, ChartSettings, MeasureSpec
from bot.spc.verdict import analyse_measure
from bot.spc.verdict_types import Verdict

SETTINGS = {f.name for f in fields(ChartSettings)}
MEASURE_KEYS = ("kind", "direction", "target", "min", "max")


@dataclass(frozen=True)
class AutoOptions:
    """What an auto series is analysed with: the measure, the settings, the rebase days."""

    spec: MeasureSpec
    settings: ChartSettings
    rebase: tuple[date, ...] = ()


def auto_options(measure: Any, raw: Mapping[str, Any]) -> AutoOptions:
    """The measure and options of an auto series; problems raise SpcInputError in plain words."""
    if measure is None:
        measure = {}
    if not isinstance(measure, Mapping):
        raise SpcInputError("measure must be an object with kind, direction, target, min, max")
    unknown = sorted(set(measure) - set(MEASURE_KEYS))
    if unknown:
        raise SpcInputError(f"unknown measure key {unknown[0]!r}")
    kind = measure.get("kind", "number")
    if kind not in KINDS:
        raise SpcInputError(f"measure kind must be one of {', '.join(KINDS)}, not {kind!r}")
    asked = _Asked(kind, _bound(measure, "min"), _bound(measure, "max"))
    options = dict(raw)
    known = SETTINGS | {"improvement_direction", "target", "rebase", "aggregate"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise SpcInputError(f"unknown option {unknown[0]!r} for an auto chart")
    direction = measure.get("direction", options.pop("improvement_direction", "increase"))
    options.pop("improvement_direction", None)
    if direction not in DIRECTIONS:
        raise SpcInputError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    target = number("target", measure.get("target", options.pop("target", None)))
    options.pop("target", None)
    low, high = kind_of(kind).bounds(asked)  # the bot's own bounds for the kind
    if low is not None and high is not None and low > high:
        raise SpcInputError(f"min {low:g} is more than max {high:g}")
    aggregate = options.pop("aggregate", "day")
    if aggregate not in AGGREGATES:
        raise SpcInputError(f"aggregate must be one of {', '.join(AGGREGATES)}")
    rebase = options.pop("rebase", None) or []
    if isinstance(rebase, str) or not isinstance(rebase, list | tuple):
        raise SpcInputError(f"rebase must be a list of dates, not {rebase!r}")
    try:
        settings = ChartSettings(**options)
    except (TypeError, ValueError) as e:
        raise SpcInputError(str(e)) from None
    spec = MeasureSpec(kind, direction, target, low, high, aggregate)
    return AutoOptions(spec, settings, tuple(_day(d) for d in rebase))


@dataclass(frozen=True)
class _Asked:
    """The measure an auto series describes, as the measure kinds read one."""

    kind: str
    minimum: float | None
    maximum: float | None
    key: str = ""
    unit: str = ""
    per: float | None = None
    denominator_key: str | None = None


def _bound(measure: Mapping[str, Any], key: str) -> float | None:
    return number(key, measure[key]) if key in measure else None


def _day(raw: Any) -> date:
    day = parse_day(raw)
    if not isinstance(day, date) or hasattr(day, "hour"):
        raise SpcInputError(f"an auto chart takes whole days, not {raw!r}")
    return day


def every_day(
    dates: tuple[Any, ...], values: tuple[float | None, ...]
) -> tuple[list[date], list[float | None]]:
    """Consecutive days from the first date to the last; a day not given is not recorded."""
    if not dates:
        return [], []
    given = {_day(d): v for d, v in zip(dates, values, strict=True)}
    first, last = min(given), max(given)
    span = (last - first).days + 1
    if span > 100_000:
        raise SpcInputError("an auto chart covers at most 100,000 days")
    days = [first + timedelta(days=i) for i in range(span)]
    return days, [given.get(d) for d in days]


def analyse_auto(
    dates: tuple[Any, ...], values: tuple[float | None, ...], o: AutoOptions
) -> Verdict:
    days, filled = every_day(dates, values)
    return analyse_measure(days, filled, o.spec, o.settings, rebases=o.rebase)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def verdict_json(v: Verdict) -> dict[str, Any]:
    """An auto series' result: the chart, why, the points with their status, limits, verdict."""
    return {
        "chart": v.chart,
        "reason": v.reason,
        "sentence": v.sentence,
        "period": v.period,
        "limits_state": v.limits_state,
        "mean": v.mean,
        "centre": v.centre,
        "lower_limit": v.lower_limit,
        "upper_limit": v.upper_limit,
        "baseline": [_iso(v.baseline[0]), _iso(v.baseline[1])] if v.baseline else None,
        "points": [
            {
                "date": p.day.isoformat(),
                "value": p.value,
                "status": p.status,
                "rule": p.rule,
                "label": p.label,
                "mean": p.mean,
                "lower": p.lower,
                "upper": p.upper,
            }
            for p in v.points
        ],  # fmt: skip
        "limits": [
            {
                "first": lim.first.isoformat(),
                "last": lim.last.isoformat(),
                "baseline_first": lim.baseline_first.isoformat(),
                "baseline_last": lim.baseline_last.isoformat(),
                "mean": lim.mean,
                "lower": lim.lower,
                "upper": lim.upper,
                "centre": lim.centre,
            }
            for lim in v.limits
        ],  # fmt: skip
        "variation_icon": v.variation_icon,
        "assurance_icon": v.assurance_icon,
        "rebase_hint": v.rebase_hint,
        "days_since_last": v.days_since_last,
        "events": v.events,
        "warnings": [
            f"{g.days} day{'s' if g.days != 1 else ''} with nothing recorded from {g.first}"
            for g in v.gaps
        ],
    }
