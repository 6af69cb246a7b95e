"""A series as analysts give it: dates and values, checked and put in date order."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from functools import lru_cache
from itertools import compress, pairwise, repeat
from operator import is_not, lt
from typing import Any, cast

from bot.spc.options import Day, SpcInputError, number, parse_day


def as_moments(days: Sequence[Day]) -> list[Day]:
    """Dates as they are, or all as date-times when any has a time of day (so they compare)."""
    kinds = set(map(type, days))
    if kinds - {date} and any(isinstance(d, datetime) for d in days):
        return [d if isinstance(d, datetime) else datetime.combine(d, time()) for d in days]
    return list(days)


NUMBERS_OR_NULL = {float, int, type(None)}


def parse_values(raw: Any) -> list[float | None]:
    """Numbers or null; anything else (a string, a boolean, infinity) raises SpcInputError."""
    if not isinstance(raw, list | tuple):
        raise SpcInputError(f"values must be a list, not {type(raw).__name__}")
    if set(map(type, raw)) <= NUMBERS_OR_NULL:  # the usual case, quickly (problems: below)
        try:
            quick: list[float | None] = (
                list(map(float, raw))
                if None not in raw
                else [None if v is None else float(v) for v in raw]
            )
        except OverflowError:
            quick = [math.inf]
        present = cast("Iterator[float]", compress(quick, map(is_not, quick, repeat(None))))
        if all(map(math.isfinite, present)):
            return quick
    out: list[float | None] = []
    for i, v in enumerate(raw):
        if isinstance(v, float) and v != v:  # NaN reads as missing
            out.append(None)
            continue
        out.append(number(f"value {i + 1}", v))
    return out


_parse_day_once = lru_cache(maxsize=65_536)(parse_day)  # many series share their dates


def parse_dates(raw: Any) -> list[Day]:
    if not isinstance(raw, list | tuple):
        raise SpcInputError(f"dates must be a list, not {type(raw).__name__}")
    try:
        return list(map(_parse_day_once, raw))
    except TypeError:  # an unhashable item (a list, an object): parsed one by one to name it
        return [parse_day(d) for d in raw]


def as_floats(values: Sequence[Any]) -> list[float | None]:
    """Values as floats (ints, Decimals and numpy numbers alike); NaN reads as missing."""
    if None in values:
        return [None if v is None or v != v else float(v) for v in values]
    out: list[float | None] = list(map(float, values))
    if any(map(math.isnan, out)):  # type: ignore[arg-type]
        return [None if v != v else v for v in out]
    return out


def in_date_order(
    dates: Sequence[Day], values: Sequence[float | None]
) -> tuple[list[Day], list[float | None]]:
    """Rows sorted by date; mismatched lengths and repeated dates raise SpcInputError."""
    if len(dates) != len(values):
        raise SpcInputError(f"{len(dates)} dates but {len(values)} values")
    moments = as_moments(dates)
    if all(map(lt, moments, moments[1:])):  # already in order, no repeats: the usual case
        return moments, list(values)
    order = sorted(range(len(moments)), key=moments.__getitem__)
    for a, b in pairwise(order):
        if moments[a] == moments[b]:
            raise SpcInputError(f"date {_show(moments[a])} appears more than once")
    return [moments[i] for i in order], [values[i] for i in order]


def _show(day: Day) -> str:
    return day.isoformat() if isinstance(day, date) else str(day)
