"""Many XmR series at once: the same answers as `analyse_xmr`, computed column by column.

Series of one length with the same options (no rebase, the reference's tie, centre-line and
conflict rules) are analysed together as one array; any other series goes through `analyse_xmr`.
Means and average moving ranges use the engine's own R-exact mean, so every comparison agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from math import fsum
from operator import is_
from typing import Any

import numpy as np

from bot.spc.numbers import r_mean
from bot.spc.options import Day, XmrOptions
from bot.spc.results import LimitsGroup, XmrResult
from bot.spc.series import as_floats, in_date_order
from bot.spc.xmr import (
    LIMIT,
    LIMIT_CLOSE,
    POINT_TYPES,
    SCREEN,
    SHORT_GROUP_ROWS,
    VARIATION,
    _assurance,
    _warnings,
    analyse_xmr,
)

RULES = (None, "outside_limits", "trend", "two_of_three", "shift")
WAYS = (None, "high", "low")
SIDES = (-1, 0, 1, None)  # side code + 1; 3 for a missing row
FLAGS = (False, True, None)  # 2: no value (missing row, or undefined limits)


def _batchable(options: XmrOptions, n: int) -> bool:
    return (
        n >= 2
        and not options.rebase
        and options.conflict_resolution == "rule_precedence"
        and options.trend_ties == "break"
        and options.centre_line_points == "break_run"
    )


def _run_flags(codes: np.ndarray, length: int) -> np.ndarray:
    """Per cell: part of a run of `length` or more equal codes of -1 or +1 along each row."""
    rows, cols = codes.shape
    live = (codes == 1) | (codes == -1)
    ahead = np.zeros((rows, cols), dtype=np.int32)
    behind = np.zeros((rows, cols), dtype=np.int32)
    ahead[:, 0] = live[:, 0]
    for j in range(1, cols):
        same = live[:, j] & (codes[:, j] == codes[:, j - 1])
        ahead[:, j] = np.where(same, ahead[:, j - 1] + 1, live[:, j])
    behind[:, -1] = live[:, -1]
    for j in range(cols - 2, -1, -1):
        same = live[:, j] & (codes[:, j] == codes[:, j + 1])
        behind[:, j] = np.where(same, behind[:, j + 1] + 1, live[:, j])
    return live & (ahead + behind - 1 >= length)


def _row_means(v: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """`r_mean` of each row's kept cells, bit for bit: exact sums of the row (zeros where not
    kept add nothing), then R's correction pass."""
    counts = keep.sum(axis=1)
    try:
        sums = np.array([fsum(r) for r in np.where(keep, v, 0.0).tolist()])
        with np.errstate(all="ignore"):
            first = sums / counts
            gaps = np.where(keep, v - first[:, None], 0.0)
        correction = np.array([fsum(r) for r in gaps.tolist()])
    except (OverflowError, ValueError):  # sums beyond the largest float: one row at a time
        rows = zip(v.tolist(), keep.tolist(), strict=True)
        return np.array([r_mean(list(compress(r, k))) for r, k in rows])
    with np.errstate(all="ignore"):
        return np.where(np.isfinite(first), first + correction / counts, first)


def _limits(x: np.ndarray, fix: int | None, screen: bool) -> tuple[np.ndarray, ...]:
    """Per series: mean, lpl, upl and the 2-sigma lines (NaN where undefined)."""
    base = x[:, :fix] if fix else x
    with np.errstate(invalid="ignore"):
        ranges = np.abs(np.diff(base, axis=1))
    present = ~np.isnan(ranges)  # a range touching a missing row is dropped, never bridged
    mean = _row_means(base, ~np.isnan(base))
    amr = _row_means(ranges, present)
    if screen:
        with np.errstate(invalid="ignore"):
            kept = ranges < (SCREEN * amr)[:, None]  # NaN ranges compare false
        dropped = np.flatnonzero((present & ~kept).any(axis=1))
        if dropped.size:
            amr[dropped] = _row_means(ranges[dropped], kept[dropped])
    return (
        mean,
        mean - LIMIT * amr,
        mean + LIMIT * amr,
        mean - LIMIT_CLOSE * amr,
        (mean + LIMIT_CLOSE * amr),
    )


def _codes(x: np.ndarray, options: XmrOptions) -> tuple[np.ndarray, ...]:
    """Per cell codes: side (0..3), outside and close (0..2), rule (0..4), way (0..2)."""
    mean, lpl, upl, nlpl, nupl = _limits(x, options.fix_after_n_points, options.screen_outliers)
    missing = np.isnan(x)
    with np.errstate(invalid="ignore"):
        side = np.sign(x - mean[:, None])
        side[missing | np.isnan(mean)[:, None]] = 2  # no side
        undefined = np.isnan(upl)[:, None]
        outside = (x > upl[:, None]) | (x < lpl[:, None])
        beyond = (x > nupl[:, None]) | (x < nlpl[:, None])
        close = beyond & ~outside
        step = np.sign(np.diff(x, axis=1))
    step[np.isnan(step)] = 2
    gone = missing | undefined
    counted = beyond if options.two_of_three_counts_beyond_limits else close
    counted = counted & ~missing
    # trend: runs of trend_length - 1 equal steps flag their rows (a tie reads as decreasing)
    steps_flagged = _run_flags(step, options.trend_length - 1)
    trend = np.zeros_like(missing)
    trend[:, :-1] |= steps_flagged
    trend[:, 1:] |= steps_flagged
    right = np.zeros_like(missing)
    right[:, :-1] = step == 1
    left = np.zeros_like(missing)
    left[:, 1:] = step == 1
    next_flagged = np.zeros_like(missing)
    next_flagged[:, :-1] = trend[:, 1:]
    trend_up = np.where(next_flagged, right, left)
    # two of three beyond 2 sigma, on one side
    one_side = (side[:, :-2] == side[:, 1:-1]) & (side[:, 1:-1] == side[:, 2:])
    same = one_side & (np.abs(side[:, :-2]) == 1)
    hits = counted[:, :-2].astype(np.int8) + counted[:, 1:-1] + counted[:, 2:]
    window = same & (hits >= 2)
    covered = np.zeros_like(missing)
    for k in range(3):
        covered[:, k : k + window.shape[1]] |= window
    two = counted & covered
    shift = _run_flags(side, options.shift_length)
    rule = np.select([outside, trend, two, shift], [1, 2, 3, 4], 0)
    high = np.where(rule == 2, trend_up, side == 1)
    way = np.where(rule == 0, 0, np.where(high, 1, 2))
    side_code = (side + 1).astype(np.int8)
    out_code = np.where(gone, 2, outside.astype(np.int8))
    close_code = np.where(gone, 2, close.astype(np.int8))
    return side_code, out_code, close_code, rule, way, mean, lpl, upl, nlpl, nupl


def _objects(table: tuple[Any, ...], codes: np.ndarray) -> list[list[Any]]:
    """Codes turned into the Python values they stand for, row by row."""
    return np.array(table, dtype=object)[codes].tolist()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Bucket:
    """Series of one length and options analysed together: per-cell codes, per-series limits."""

    options: XmrOptions
    members: list[int]  # their positions in the input
    dates: list[list[Day]]
    values: list[list[float | None]]
    side: np.ndarray  # relative_to_mean + 1; 3 for a missing row
    outside: np.ndarray  # 0 false, 1 true, 2 no value
    close: np.ndarray
    rule: np.ndarray  # index into RULES
    way: np.ndarray  # index into WAYS
    groups: list[LimitsGroup]


def _bucket(
    members: list[int], dates: list[list[Day]], values: list[list[float | None]], o: XmrOptions
) -> Bucket:
    x = np.array(values, dtype=float)
    side, out, close, rule, way, mean, lpl, upl, nlpl, nupl = _codes(x, o)
    n = x.shape[1]
    limits = zip(*(_nones(a) for a in (mean, lpl, upl, nlpl, nupl)), strict=True)
    short = n < SHORT_GROUP_ROWS
    groups = [LimitsGroup(0, 0, n, m, lo, hi, lo2, hi2, short) for m, lo, hi, lo2, hi2 in limits]
    return Bucket(o, members, dates, values, side, out, close, rule, way, groups)


def results_of(bucket: Bucket) -> list[XmrResult]:
    """The bucket's series as `analyse_xmr` results."""
    options, n = bucket.options, bucket.side.shape[1]
    types = POINT_TYPES[options.improvement_direction]
    point_types = _objects((types[None], types["high"], types["low"]), bucket.way)
    sides = _objects(SIDES, bucket.side)
    outs, closes = _objects(FLAGS, bucket.outside), _objects(FLAGS, bucket.close)
    rules, ways = _objects(RULES, bucket.rule), _objects(WAYS, bucket.way)
    results = []
    rows = (0,) * n
    for k, group in enumerate(bucket.groups):
        point_type = tuple(point_types[k])
        results.append(
            XmrResult(
                options=options, dates=tuple(bucket.dates[k]), values=tuple(bucket.values[k]),
                groups=(group,), group_of_row=rows, relative_to_mean=tuple(sides[k]),
                outside_limits=tuple(outs[k]), close_to_limits=tuple(closes[k]),
                rule=tuple(rules[k]), direction=tuple(ways[k]), point_type=point_type,
                variation_icon=VARIATION.get(
                    (options.improvement_direction, point_type[-1]), "common_cause"
                ),
                assurance_icon=_assurance(options, group),
                warnings=tuple(_warnings([group], set())),
            )
        )  # fmt: skip
    return results


def _nones(column: np.ndarray) -> list[float | None]:
    """Numbers as Python floats, NaN (undefined) as None."""
    return [None if v != v else v for v in column.tolist()]


Work = Sequence[tuple[Sequence[Day], Sequence[Any], XmrOptions]]


def analyse_in_buckets(series: Work) -> tuple[list[XmrResult | None], list[Bucket]]:
    """Series that cannot share an array analysed one by one (the others are None), and the
    buckets of those that can."""
    out: list[XmrResult | None] = [None] * len(series)
    members: dict[tuple[int, XmrOptions], list[int]] = {}
    ordered: list[tuple[list[Day], list[float | None]]] = []
    in_order: tuple[Sequence[Day] | None, list[Day]] = (None, [])  # dates already sorted, checked
    for i, (dates, values, options) in enumerate(series):
        if dates is in_order[0] and len(values) == len(dates):  # one set of dates, many series
            days, vals = in_order[1], as_floats(values)
        else:
            days, vals = in_date_order(dates, as_floats(values))
            if all(map(is_, days, dates)):
                in_order = (dates, days)
        ordered.append((days, vals))
        if _batchable(options, len(days)):
            members.setdefault((len(days), options), []).append(i)
        else:
            out[i] = analyse_xmr(days, vals, options)
    buckets = [
        _bucket(rows, [ordered[i][0] for i in rows], [ordered[i][1] for i in rows], options)
        for (_, options), rows in members.items()
    ]
    return out, buckets


def analyse_xmr_many(series: Work) -> list[XmrResult]:
    """`analyse_xmr` of each (dates, values, options), in order; raises as it would."""
    out, buckets = analyse_in_buckets(series)
    for bucket in buckets:
        for i, result in zip(bucket.members, results_of(bucket), strict=True):
            out[i] = result
    return out  # type: ignore[return-value]
