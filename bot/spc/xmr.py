"""XmR ("Making Data Count") analysis: limits per rebase group, rules, point types and icons."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import compress, repeat
from operator import and_, eq, is_, is_not, not_, or_, sub
from typing import cast

from bot.spc import rules
from bot.spc.numbers import r_mean
from bot.spc.options import DIRECTIONS, Day, XmrOptions
from bot.spc.results import LimitsGroup, XmrResult
from bot.spc.series import as_floats, as_moments, in_date_order

LIMIT = 2.66
LIMIT_CLOSE = 2 * (LIMIT / 3)  # written as the reference writes it, so the bits agree
SCREEN = 3.267
SHORT_GROUP_ROWS = 13  # the reference's code threshold (its message says 12)

Value = float | None


def _or_none(x: float) -> float | None:
    return None if math.isnan(x) else x


NONE_AS_NAN: dict[float | None, float] = {None: math.nan}


def _limits(
    vals: Sequence[Value], xs: Sequence[float], fix_after: int | None, screen: bool
) -> tuple[float, float]:
    """The group's mean and average moving range (NaN when undefined); `xs` has NaN for None."""
    base = vals[:fix_after] if fix_after else vals
    xb = xs[:fix_after] if fix_after else xs
    ranges = list(map(abs, map(sub, xb[1:], xb[:-1])))
    if None in base:  # a range touching a missing row is NaN: dropped, never bridged
        present = list(compress(base, map(is_not, base, repeat(None))))
        ranges = list(compress(ranges, map(eq, ranges, ranges)))
    else:
        present = list(base)
    mean = r_mean(present)  # type: ignore[arg-type]
    amr = r_mean(ranges)
    if screen and ranges:
        cut = SCREEN * amr
        amr = r_mean(list(compress(ranges, map(cut.__gt__, ranges))))
    return mean, amr


GroupRows = tuple[LimitsGroup, list[int | None], list[bool | None], list[bool | None], list[bool]]
Label = tuple[str | None, str | None]


def _group(number: int, start: int, vals: Sequence[Value], options: XmrOptions) -> GroupRows:
    """Limits and per-row attributes for one group: (group, sides, outside, close, beyond2).

    Where the limits are undefined the reference has no value: outside and close are None."""
    n = len(vals)
    missing = list(compress(range(n), map(is_, vals, repeat(None))))
    xs = cast(Sequence[float], list(map(NONE_AS_NAN.get, vals, vals)) if missing else vals)
    mean, amr = _limits(vals, xs, options.fix_after_n_points, options.screen_outliers)
    lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
    nlpl, nupl = mean - LIMIT_CLOSE * amr, mean + LIMIT_CLOSE * amr
    beyond: list[bool]  # beyond a 2-sigma line, outside rows included (MDC 2023+ counts these)
    outside: list[bool | None]
    close: list[bool | None]
    if math.isnan(mean):
        sides: list[int | None] = [None] * n
    else:  # at C speed: a NaN (missing) row compares false everywhere, then reads as None
        sides = list(map(sub, map(mean.__lt__, xs), map(mean.__gt__, xs)))
    if math.isnan(upl):
        outside, close, beyond = [None] * n, [None] * n, [False] * n
    else:
        outside = list(map(or_, map(upl.__lt__, xs), map(lpl.__gt__, xs)))
        beyond = list(map(or_, map(nupl.__lt__, xs), map(nlpl.__gt__, xs)))
        close = list(map(and_, beyond, map(not_, outside)))
    for i in missing:
        sides[i] = outside[i] = close[i] = None
    group = LimitsGroup(
        number, start, start + n, _or_none(mean), _or_none(lpl), _or_none(upl),
        _or_none(nlpl), _or_none(nupl), n < SHORT_GROUP_ROWS,
    )  # fmt: skip
    return group, sides, outside, close, beyond


def _point_type(direction: str | None, improvement: str) -> str:
    if direction is None:
        return "common_cause"
    if improvement == "neutral":
        return f"special_cause_neutral_{direction}"
    good = "high" if improvement == "increase" else "low"
    return "special_cause_improvement" if direction == good else "special_cause_concern"


def _labels(
    vals: Sequence[Value],
    sides: list[int | None],
    outside: list[bool | None],
    close: list[bool | None],
    beyond: list[bool],
    options: XmrOptions,
) -> list[Label]:
    """One (rule, direction) per row: by precedence, or improvement first when asked."""
    trend = rules.trend(vals, options.trend_length, options.trend_ties)
    counted = beyond if options.two_of_three_counts_beyond_limits else list(map(bool, close))
    two = rules.two_of_three(sides, counted)
    shift = rules.shift(sides, options.shift_length, options.centre_line_points == "skip")
    improvement_first = (
        options.conflict_resolution == "improvement_wins"
        and options.improvement_direction != "neutral"
    )
    out: list[Label] = [(None, None)] * len(sides)
    for i in compress(range(len(sides)), map(any, zip(outside, trend, two, shift, strict=True))):
        side = sides[i]
        found: list[tuple[str, str]] = []
        way = "high" if side == 1 else "low"
        if outside[i]:
            found.append(("outside_limits", way))
        if trend[i]:
            found.append(("trend", "high" if trend[i] == 1 else "low"))
        if two[i]:
            found.append(("two_of_three", way))
        if shift[i]:
            found.append(("shift", way))
        choice = found[0]
        if improvement_first:
            for candidate in found:
                if _point_type(candidate[1], options.improvement_direction).endswith("improvement"):
                    choice = candidate
                    break
        out[i] = choice
    return out


POINT_TYPES = {way: {d: _point_type(d, way) for d in (None, "high", "low")} for way in DIRECTIONS}
VARIATION = {
    ("increase", "special_cause_improvement"): "improvement_high",
    ("increase", "special_cause_concern"): "concern_low",
    ("decrease", "special_cause_improvement"): "improvement_low",
    ("decrease", "special_cause_concern"): "concern_high",
    ("neutral", "special_cause_neutral_high"): "neutral_high",
    ("neutral", "special_cause_neutral_low"): "neutral_low",
}


def _assurance(options: XmrOptions, last: LimitsGroup | None) -> str | None:
    if options.target is None or options.improvement_direction == "neutral" or last is None:
        return None
    rising = options.improvement_direction == "increase"
    if last.upl is not None and options.target > last.upl:
        return "fail" if rising else "pass"
    if last.lpl is not None and options.target < last.lpl:
        return "pass" if rising else "fail"
    return "inconsistent"


def analyse_xmr(
    dates: Sequence[Day], values: Sequence[Value], options: XmrOptions | None = None
) -> XmrResult:
    """The XmR analysis of a series, matching NHSRplotthedots 0.2.2 under default options."""
    options = options or XmrOptions()
    days, vals = in_date_order(dates, as_floats(values))
    rebase_days = _rebase_moments(options.rebase, days) if options.rebase else set()
    starts = [i for i, d in enumerate(days) if i == 0 or d in rebase_days] if rebase_days else [0]
    if not days:
        starts = []
    number = 1 if days and days[0] in rebase_days else 0
    groups: list[LimitsGroup] = []
    group_of_row: list[int] = []
    cols: dict[str, list] = {k: [] for k in ("side", "out", "close", "rule", "dir", "type")}
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(days)
        chunk = vals[start:stop]
        group, sides, outside, close, beyond = _group(number + k, start, chunk, options)
        groups.append(group)
        group_of_row += [k] * len(chunk)
        labels = _labels(chunk, sides, outside, close, beyond, options)
        cols["side"] += sides
        cols["out"] += outside
        cols["close"] += close
        rules_, directions = zip(*labels, strict=True) if labels else ((), ())
        cols["rule"] += rules_
        cols["dir"] += directions
        cols["type"] += map(POINT_TYPES[options.improvement_direction].__getitem__, directions)
    last_type = cols["type"][-1] if days else "common_cause"
    return XmrResult(
        options=options,
        dates=tuple(days),
        values=tuple(vals),
        groups=tuple(groups),
        group_of_row=tuple(group_of_row),
        relative_to_mean=tuple(cols["side"]),
        outside_limits=tuple(cols["out"]),
        close_to_limits=tuple(cols["close"]),
        rule=tuple(cols["rule"]),
        direction=tuple(cols["dir"]),
        point_type=tuple(cols["type"]),
        variation_icon=VARIATION.get((options.improvement_direction, last_type), "common_cause"),
        assurance_icon=_assurance(options, groups[-1] if groups else None),
        warnings=tuple(_warnings(groups, rebase_days - set(days))),
    )


def _rebase_moments(rebase: Sequence[Day], days: list[Day]) -> set[Day]:
    """Rebase dates in the same form as the series' dates (date-times if those are)."""
    both = as_moments(list(rebase) + days)
    return set(both[: len(rebase)])


def _warnings(groups: list[LimitsGroup], unmatched_rebases: set[Day]) -> list[str]:
    out = []
    for g in groups:
        if g.short:
            out.append(
                f"limits group {g.number} has {g.stop - g.start} rows (fewer than 13): "
                "its limits are trial limits and will change as data arrive"
            )
        if g.upl is None:
            out.append(f"limits group {g.number} has too few values for limits")
    for day in sorted(unmatched_rebases):
        out.append(f"rebase date {day.isoformat()} matches no row and was ignored")
    return out
