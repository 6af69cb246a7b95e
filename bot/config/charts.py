"""Checking the Making Data Count options (`charts:` per trust and per measure) and a measure's
kind-specific fields (`aggregate`, `per`), naming the entry and field that is wrong."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from bot.config.model import MeasureConfig
from bot.huddle.kinds import Kind, kind_of
from bot.spc.settings import AGGREGATES, ChartSettings

CHART_KEYS = tuple(f.name for f in fields(ChartSettings))
_INTEGERS = ("baseline_points", "trend_length", "shift_length")


def check_charts(raw: Any, where: str, fail: Any) -> dict[str, Any]:
    """The `charts:` options as given (only the keys set), or `fail(where, field, problem)`."""
    if not isinstance(raw, dict):
        raise fail(where, "charts", "must be a mapping like {trend_length: 6}")
    checked: dict[str, Any] = {}
    for name, value in raw.items():
        field = f"charts.{name}"
        if name not in CHART_KEYS:
            known = ", ".join(CHART_KEYS)
            raise fail(where, field, f"unknown chart option (expected one of {known})")
        if name in _INTEGERS and (isinstance(value, bool) or not isinstance(value, int)):
            raise fail(where, field, f"must be a whole number, not {value!r}")
        if isinstance(value, str):
            value = value.strip().lower()
        try:
            ChartSettings().overridden({name: value})
        except (TypeError, ValueError) as error:
            raise fail(where, field, f"{error} (not {value!r})") from None
        checked[name] = value
    return checked


def check_aggregate(raw: Any, kind: Kind, where: str, fail: Any) -> str:
    """`day` (the default), `week` or `month`; only counts add up by week or month."""
    word = str(raw if raw is not None else "day").strip().lower()
    if word not in AGGREGATES:
        raise fail(where, "aggregate", f"{word!r} is not one of {', '.join(AGGREGATES)}")
    if word != "day" and not kind.aggregates:
        raise fail(where, "aggregate", f"a {kind.name} is charted day by day; only counts add up")
    return word


def check_per(raw: Any, kind: Kind, where: str, fail: Any) -> float | None:
    """A ratio's multiplier (100 when not given: shown as %), e.g. 1000 for per 1,000 bed days."""
    if raw is None:
        return None
    if not kind.keeps_parts:
        raise fail(where, "per", "only a ratio measure has a multiplier")
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise fail(where, "per", f"must be a number above 0, not {raw!r}")
    return float(raw)


def check_denominator(raw: Any, kind: Kind, where: str, fail: Any) -> str | None:
    """The key of the measure that feeds a ratio's whole (checked against the team later)."""
    if raw is None:
        return None
    if not kind.keeps_parts:
        raise fail(where, "denominator", "only a ratio measure has a whole fed by another")
    return str(raw).strip().lower()


def check_fed(measures: tuple[MeasureConfig, ...], where: str, fail: Any) -> None:
    """Each fed whole names another of the team's measures, one that is a plain figure."""
    kinds = {m.key: m.kind for m in measures}
    for i, m in enumerate(measures):
        if m.denominator is None:
            continue
        entry = f"{where}, measure {i + 1} '{m.key}'"
        feeder = kinds.get(m.denominator)
        if feeder is None or m.denominator == m.key:
            problem = f"{m.denominator!r} is not another measure of the team"
            raise fail(entry, "denominator", problem)
        if not kind_of(feeder).feeds_wholes:
            raise fail(entry, "denominator", f"{m.denominator!r} is a {feeder}, not a figure")
