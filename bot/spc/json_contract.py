"""The `huddlebot spc` JSON contract: a series object in, a result object out."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from operator import is_
from typing import Any

from bot.spc.json_auto import AutoOptions, analyse_auto, auto_options, verdict_json
from bot.spc.options import Day, RunOptions, SpcInputError, XmrOptions, run_options, xmr_options
from bot.spc.results import LimitsGroup, RunResult, XmrResult
from bot.spc.runs import analyse_run
from bot.spc.series import in_date_order, parse_dates, parse_values
from bot.spc.verdict_types import Verdict
from bot.spc.xmr import analyse_xmr
from bot.spc.xmr_batch import analyse_xmr_many


@dataclass(frozen=True)
class Series:
    """A checked series: its kind, dates and values in date order, and its options."""

    kind: str  # "xmr" | "run" | "auto"
    dates: tuple[Day, ...]
    values: tuple[float | None, ...]
    options: XmrOptions | RunOptions | AutoOptions


class DatesMemo:
    """The last list of dates read, so series sharing their dates share one checked tuple."""

    def __init__(self) -> None:
        self.raw: Any = None
        self.dates: tuple[Day, ...] = ()


def series_from_json(obj: Any, memo: DatesMemo | None = None) -> Series:
    """Check a series object of the contract; problems raise SpcInputError in plain words."""
    if not isinstance(obj, Mapping):
        raise SpcInputError("a series must be an object with kind, dates and values")
    kind = obj.get("kind", "xmr")
    if kind not in ("xmr", "run", "auto"):
        raise SpcInputError(f'kind must be "xmr", "run" or "auto", not {kind!r}')
    if "measure" in obj and kind != "auto":
        raise SpcInputError('measure applies to "kind": "auto" only')
    for key in ("dates", "values"):
        if key not in obj:
            raise SpcInputError(f"missing {key!r}")
    raw_options = obj.get("options") or {}
    if not isinstance(raw_options, Mapping):
        raise SpcInputError("options must be an object")
    options: XmrOptions | RunOptions | AutoOptions
    if kind == "auto":
        options = auto_options(obj.get("measure"), raw_options)
    else:
        options = xmr_options(raw_options) if kind == "xmr" else run_options(raw_options)
    raw_dates, values = obj["dates"], parse_values(obj["values"])
    if memo is not None and len(values) == len(memo.dates) and raw_dates == memo.raw:
        return Series(kind, memo.dates, tuple(values), options)
    parsed = parse_dates(raw_dates)
    dates, values = in_date_order(parsed, values)
    checked = tuple(dates)
    if memo is not None and all(map(is_, dates, parsed)):  # given in order
        memo.raw, memo.dates = raw_dates, checked
    return Series(kind, checked, tuple(values), options)


def analyse_all(many: list[Series]) -> list[XmrResult | RunResult | Verdict]:
    """Every series analysed, in order; XmR series of one shape together (much faster)."""
    out: list[XmrResult | RunResult | Verdict | None] = [None] * len(many)
    xmr = [i for i, s in enumerate(many) if isinstance(s.options, XmrOptions)]
    batch = analyse_xmr_many([(many[i].dates, many[i].values, many[i].options) for i in xmr])  # type: ignore[misc]
    for i, result in zip(xmr, batch, strict=True):
        out[i] = result
    for i, s in enumerate(many):
        if out[i] is None:
            out[i] = analyse(s)
    return out  # type: ignore[return-value]


def analyse(series: Series) -> XmrResult | RunResult | Verdict:
    if isinstance(series.options, AutoOptions):
        return analyse_auto(series.dates, series.values, series.options)
    if isinstance(series.options, XmrOptions):
        return analyse_xmr(series.dates, series.values, series.options)
    return analyse_run(series.dates, series.values, series.options)


def _num(x: float | None) -> float | None:
    """A number for JSON: undefined (NaN) or overflowed (infinite) becomes null."""
    return None if x is None or not math.isfinite(x) else x


def _day(d: Day) -> str:
    return d.isoformat() if isinstance(d, date) else str(d)


XMR_REASON = "An XmR chart, as the series asks (kind xmr)."
RUN_REASON = "A run chart, as the series asks (kind run)."


def judged_group(last: LimitsGroup | None) -> bool:
    """Limits that exist and have not collapsed: only then an icon means anything."""
    return last is not None and None not in (last.upl, last.lpl) and last.upl > last.lpl  # type: ignore[operator]


def judged(result: XmrResult) -> bool:
    """The latest limits of an XmR result exist and have not collapsed."""
    return judged_group(result.groups[-1] if result.groups else None)


def to_json(result: XmrResult | RunResult | Verdict) -> dict[str, Any]:
    """The result object of the contract (undefined numbers are None, i.e. JSON null)."""
    if isinstance(result, Verdict):
        return verdict_json(result)
    if isinstance(result, RunResult):
        return {
            "chart": "run",
            "reason": RUN_REASON,
            "points": [
                {
                    "date": _day(p.date),
                    "value": _num(p.value),
                    "part": p.part,
                    "median": _num(p.median),
                }
                for p in result.points
            ],
            "parts": [
                {
                    "centre": _num(p.centre),
                    "n_obs": p.n_obs,
                    "n_useful": p.n_useful,
                    "longest_run": p.longest_run,
                    "longest_run_max": p.longest_run_max,
                    "n_crossings": p.n_crossings,
                    "n_crossings_min": p.n_crossings_min,
                    "runs_signal": p.runs_signal,
                }
                for p in result.parts
            ],
        }
    icons = judged(result)
    return {
        "chart": "xmr",
        "reason": XMR_REASON,
        "points": [
            {
                "date": _day(p.date),
                "value": _num(p.value),
                "rebase_group": p.rebase_group,
                "mean": _num(p.mean),
                "lpl": _num(p.lpl),
                "upl": _num(p.upl),
                "relative_to_mean": p.relative_to_mean,
                "outside_limits": p.outside_limits,
                "close_to_limits": p.close_to_limits,
                "rule": p.rule,
                "direction": p.direction,
                "point_type": p.point_type,
                "short_group": p.short_group,
            }
            for p in result.points
        ],
        "variation_icon": result.variation_icon if icons else None,
        "assurance_icon": result.assurance_icon if icons else None,
        "warnings": list(result.warnings),
    }


def analyse_json(obj: Any) -> dict[str, Any]:
    """Check, analyse and serialise one series object."""
    return to_json(analyse(series_from_json(obj)))
