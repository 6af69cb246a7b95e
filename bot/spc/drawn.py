"""A chart as plotted, whatever its type: points with their rule, and each baseline's limits."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from bot.spc.results import XmrResult


@dataclass(frozen=True)
class Band:
    """One limits group: rows [start, stop), limits fixed on rows [start, baseline_stop)."""

    start: int
    stop: int
    baseline_stop: int
    mean: float | None
    lower: float | None
    upper: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    centre: float | None  # the line runs are judged around (the mean, or a G-chart's median)

    @property
    def rows(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class Drawn:
    """Points in order with their special-cause rule and direction (high/low), and the bands."""

    days: tuple[date, ...]
    values: tuple[float | None, ...]
    rule: tuple[str | None, ...]
    direction: tuple[str | None, ...]
    group_of_row: tuple[int, ...]
    bands: tuple[Band, ...]
    skips_gaps: bool = False  # missing_days `skip`: runs and ranges went across unrecorded rows


def _same(x: float | None) -> float | None:
    return x


def from_xmr(
    result: XmrResult,
    days: tuple[date, ...],
    values: tuple[float | None, ...],
    baseline_points: int,
    back: Callable[[float | None], float | None] = _same,
) -> Drawn:
    """An XmR result as drawn; `back` maps limits back from a transformed scale (T-charts)."""
    bands = []
    for g in result.groups:
        mean = back(g.mean)
        bands.append(
            Band(
                g.start, g.stop, min(g.start + baseline_points, g.stop), mean,
                back(g.lpl), back(g.upl), back(g.lower_2sigma), back(g.upper_2sigma), mean,
            )
        )  # fmt: skip
    return Drawn(days, values, result.rule, result.direction, result.group_of_row, tuple(bands))


def t_back(x: float | None) -> float | None:
    """A T-chart limit back on the scale of days: x ** 3.6, a negative lower limit becoming 0."""
    if x is None or math.isnan(x):
        return None
    return 0.0 if x <= 0 else x**3.6


def with_missing(
    drawn: Drawn, kept: list[int], days: tuple[date, ...], values: tuple[float | None, ...]
) -> Drawn:
    """A chart analysed without its unrecorded rows (`skip`), with those rows put back as gaps."""
    if not drawn.bands:
        return Drawn(days, values, (None,) * len(days), (None,) * len(days), (0,) * len(days), ())
    rule: list[str | None] = [None] * len(days)
    way: list[str | None] = [None] * len(days)
    for j, i in enumerate(kept):
        rule[i], way[i] = drawn.rule[j], drawn.direction[j]
    starts = [0] + [kept[b.start] for b in drawn.bands[1:]]
    bands = []
    group_of_row: list[int] = []
    for k, b in enumerate(drawn.bands):
        stop = starts[k + 1] if k + 1 < len(starts) else len(days)
        base = kept[b.baseline_stop - 1] + 1
        bands.append(replace(b, start=starts[k], stop=stop, baseline_stop=base))
        group_of_row += [k] * (stop - starts[k])
    return Drawn(days, values, tuple(rule), tuple(way), tuple(group_of_row), tuple(bands), True)
