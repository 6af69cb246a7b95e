"""Daily values summed (counts) or averaged (other kinds) into weeks or months.

Only whole periods are charted: a week or month that the days given do not cover from its first
day to its last (the one still running, or one cut by the start of the record) is left out, so a
part-week of falls never looks like a good week. Inside a whole period, a day with nothing recorded
adds nothing; a period with no recorded day at all is missing (None), never zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

PERIODS = ("day", "week", "month")


def period_start(day: date, how: str) -> date:
    """The first day of the period holding `day`: itself, its Monday, or the 1st of its month."""
    if how == "week":
        return day - timedelta(days=day.weekday())
    if how == "month":
        return day.replace(day=1)
    return day


def _period_end(first: date, how: str) -> date:
    if how == "week":
        return first + timedelta(days=6)
    if how == "month":
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return first


def aggregate(
    days: Sequence[date], values: Sequence[float | None], how: str, total: bool = True
) -> tuple[tuple[date, ...], tuple[float | None, ...]]:
    """Whole periods (labelled by their first day) and their sum (`total`) or mean of the days."""
    if how not in PERIODS:
        raise ValueError(f"aggregate must be one of {', '.join(PERIODS)}, not {how!r}")
    if how == "day" or not days:
        return tuple(days), tuple(values)
    present: dict[date, list[float]] = {}
    covered: dict[date, set[date]] = {}
    for day, value in zip(days, values, strict=True):
        first = period_start(day, how)
        covered.setdefault(first, set()).add(day)
        if value is not None:
            present.setdefault(first, []).append(value)
    out_days: list[date] = []
    out_values: list[float | None] = []
    for first in sorted(covered):
        length = (_period_end(first, how) - first).days + 1
        if len(covered[first]) < length:
            continue  # a part period at either end of the record
        got = present.get(first)
        out_days.append(first)
        if not got:
            out_values.append(None)
        else:
            out_values.append(sum(got) if total else sum(got) / len(got))
    return tuple(out_days), tuple(out_values)
