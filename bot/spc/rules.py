"""The four special-cause rules, applied to the rows of one limits group (spc-rules §4.2).

Each function takes the group's rows in date order and returns, per row, whether the rule flags it
(and for the trend, which way). A window holding a missing value never fires.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import compress, groupby, pairwise, repeat
from operator import gt, is_, lt, sub
from typing import cast

Value = float | None
NONE_AS_NAN: dict[float | None, float] = {None: float("nan")}


def _segments(values: Sequence[Value]) -> list[list[int]]:
    """Runs of consecutive row positions with a value (a missing value ends a segment)."""
    out: list[list[int]] = []
    current: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            if current:
                out.append(current)
                current = []
        else:
            current.append(i)
    if current:
        out.append(current)
    return out


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def trend(values: Sequence[Value], length: int = 7, ties: str = "break") -> list[int]:
    """Per row: +1 increasing trend, -1 decreasing trend, 0 none.

    With ties="break" (the reference) a repeated value ends a trend, and a flagged row whose next
    row is also flagged takes the sign of the step to it, where a tie reads as decreasing (the
    reference's quirk). With ties="ignore" repeated values are stepped over.
    """
    if ties != "ignore":
        return _trend_breaking_on_ties(values, length)
    n = len(values)
    flagged = [False] * n
    label = [0] * n
    for segment in _segments(values):
        if ties == "ignore":
            kept = [segment[0]]
            kept += [i for p, i in pairwise(segment) if values[i] != values[p]]
        else:
            kept = segment
        kept_values = [values[i] for i in kept]
        steps = [(b > a) - (b < a) for a, b in pairwise(kept_values)]  # type: ignore[operator]
        start = 0
        for step, run in groupby(steps):
            count = len(list(run))
            if step and count >= length - 1:
                for i in range(kept[start], kept[start + count] + 1):
                    flagged[i] = True
            start += count
        _label_compressed(kept, steps, flagged, label)
    return label


def _trend_breaking_on_ties(values: Sequence[Value], length: int) -> list[int]:
    """The reference's trend: steps spelt as letters, runs found by a regular expression."""
    n = len(values)
    label = [0] * n
    xs: Sequence[float] = values  # type: ignore[assignment]
    missing = list(compress(range(n), map(is_, values, repeat(None))))
    if missing:
        as_nan = cast("Callable[[Value, Value], float]", NONE_AS_NAN.get)
        xs = list(map(as_nan, values, values))
    later, earlier = xs[1:], xs[:-1]
    steps: list[int | None] = list(map(sub, map(gt, later, earlier), map(lt, later, earlier)))
    for i in missing:  # a step touching a missing row is no step
        if i:
            steps[i - 1] = None
        if i < n - 1:
            steps[i] = None
    rows: list[int] = []
    for match in _runs(length - 1).finditer(_spell(steps)):
        rows += range(match.start(), match.end() + 1)
    flagged = set(rows)
    for i in flagged:
        # the step to the right if the next row is flagged too (a tie reads as decreasing),
        # otherwise the step from the left
        step = steps[i] if i + 1 in flagged else steps[i - 1]
        label[i] = 1 if step == 1 else -1
    return label


LETTERS = {1: "u", -1: "d", 0: "0", None: "x"}


def _spell(signs: Sequence[int | None]) -> str:
    """Signs as letters (u up/above, d down/below, 0 level/on the mean, x missing)."""
    return "".join(map(LETTERS.__getitem__, signs))


@lru_cache(maxsize=32)
def _runs(length: int) -> re.Pattern[str]:
    return re.compile(f"u{{{length},}}|d{{{length},}}")


def _label_compressed(
    kept: list[int], steps: list[int], flagged: list[bool], label: list[int]
) -> None:
    """Directions when ties are stepped over: kept rows as the reference, repeats by their step."""
    for j, row in enumerate(kept):
        if not flagged[row]:
            continue
        if j + 1 < len(kept) and flagged[kept[j + 1]]:
            label[row] = 1 if steps[j] == 1 else -1
            for repeat in range(row + 1, kept[j + 1]):
                if flagged[repeat]:
                    label[repeat] = label[row]
        else:
            label[row] = 1 if steps[j - 1] == 1 else -1


def shift(sides: Sequence[int | None], length: int = 7, skip_centre: bool = False) -> list[bool]:
    """Per row: part of `length` or more consecutive rows on the same side of the mean.

    A row on the mean breaks the run (reference) or, with skip_centre, is stepped over and not
    flagged. A missing row always breaks it.
    """
    flagged = [False] * len(sides)
    if not skip_centre:
        for match in _runs(length).finditer(_spell(sides)):
            flagged[match.start() : match.end()] = [True] * (match.end() - match.start())
        return flagged
    rows = [i for i, s in enumerate(sides) if s != 0]
    position = 0
    for side, run in groupby(sides[i] for i in rows):
        count = len(list(run))
        if side and count >= length:
            for i in rows[position : position + count]:
                flagged[i] = True
        position += count
    return flagged


def two_of_three(sides: Sequence[int | None], beyond: Sequence[bool]) -> list[bool]:
    """Per row: beyond 2 sigma, in a window of 3 rows on one side with 2+ beyond 2 sigma."""
    n = len(sides)
    flagged = [False] * n
    hits = list(compress(range(n), beyond))
    if len(hits) < 2:
        return flagged
    starts = {h - k for h in hits for k in (0, 1, 2) if 0 <= h - k <= n - 3}
    for j in starts:
        s = sides[j]
        if s is None or s == 0 or sides[j + 1] != s or sides[j + 2] != s:
            continue
        if beyond[j] + beyond[j + 1] + beyond[j + 2] >= 2:
            for i in (j, j + 1, j + 2):
                if beyond[i]:
                    flagged[i] = True
    return flagged
