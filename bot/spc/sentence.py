"""One line for the huddle when the latest value is a special cause."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.spc.options import Day, xmr_options
from bot.spc.results import XmrResult
from bot.spc.xmr import analyse_xmr

MEANING = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "a change (neither better nor worse)",
    "special_cause_neutral_low": "a change (neither better nor worse)",
}


def _stretch(result: XmrResult, rule: str) -> int:
    """How many rows, ending at the latest, are on one side of the mean (shift) or keep
    stepping the same way (trend), within the latest limits group."""
    last = len(result.dates) - 1
    group = result.group_of_row[last]
    values, sides = result.values, result.relative_to_mean
    count = 1
    i = last
    while i > 0 and result.group_of_row[i - 1] == group:
        a, b = values[i - 1], values[i]
        if a is None or b is None:
            break
        if rule == "shift" and sides[i - 1] != sides[last]:
            break
        rising = result.direction[last] == "high"
        if rule == "trend" and (a == b or (b > a) != rising):
            break
        count += 1
        i -= 1
    return count


def describe_latest(result: XmrResult) -> str | None:
    """What the latest row's signal is, in words ("7 points in a row below the mean")."""
    if not result.dates or result.rule[-1] is None:
        return None
    rule, high = result.rule[-1], result.direction[-1] == "high"
    if rule == "outside_limits":
        return "latest value " + ("above the upper" if high else "below the lower") + " limit"
    if rule == "trend":
        return f"{_stretch(result, rule)} points in a row " + ("rising" if high else "falling")
    if rule == "two_of_three":
        return "2 of the last 3 points close to the " + ("upper" if high else "lower") + " limit"
    side = "above" if high else "below"
    return f"{_stretch(result, rule)} points in a row {side} the mean"


def latest_signal_sentence(
    measure_name: str,
    dates: Sequence[Day],
    values: Sequence[float | None],
    improvement_direction: str = "increase",
    **options: Any,
) -> str | None:
    """ "Falls: 7 points in a row below the mean — improvement", or None when common cause."""
    result = analyse_xmr(
        dates, values, xmr_options({"improvement_direction": improvement_direction, **options})
    )
    what = describe_latest(result)
    if what is None:
        return None
    return f"{measure_name}: {what} — {MEANING[result.point_type[-1]]}"
