"""What the analysis returns: frozen values, stored as columns (fast), read as points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.spc.options import Day, RunOptions, XmrOptions


@dataclass(frozen=True)
class XmrPoint:
    """One row of an XmR chart, named as in NHSRplotthedots."""

    date: Day
    value: float | None
    rebase_group: int
    mean: float | None
    lpl: float | None
    upl: float | None
    relative_to_mean: int | None
    outside_limits: bool | None
    close_to_limits: bool | None
    rule: str | None  # "outside_limits" | "trend" | "two_of_three" | "shift"
    direction: str | None  # "high" | "low"
    point_type: str
    short_group: bool


@dataclass(frozen=True)
class LimitsGroup:
    """The rows from one rebase to the next, with the limits computed from them."""

    number: int
    start: int  # first row position
    stop: int  # one past the last row
    mean: float | None
    lpl: float | None
    upl: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    short: bool  # fewer than 13 rows: trial limits


@dataclass(frozen=True)
class XmrResult:
    """An XmR chart's analysis: per-row columns in date order, the groups and the icons."""

    options: XmrOptions
    dates: tuple[Day, ...]
    values: tuple[float | None, ...]
    groups: tuple[LimitsGroup, ...]
    group_of_row: tuple[int, ...]  # index into `groups`
    relative_to_mean: tuple[int | None, ...]
    outside_limits: tuple[bool | None, ...]
    close_to_limits: tuple[bool | None, ...]
    rule: tuple[str | None, ...]
    direction: tuple[str | None, ...]
    point_type: tuple[str, ...]
    variation_icon: str
    assurance_icon: str | None
    warnings: tuple[str, ...]

    @cached_property
    def points(self) -> tuple[XmrPoint, ...]:
        out = []
        for i, day in enumerate(self.dates):
            g = self.groups[self.group_of_row[i]]
            out.append(
                XmrPoint(
                    day, self.values[i], g.number, g.mean, g.lpl, g.upl,
                    self.relative_to_mean[i], self.outside_limits[i], self.close_to_limits[i],
                    self.rule[i], self.direction[i], self.point_type[i], g.short,
                )
            )  # fmt: skip
        return tuple(out)

    @property
    def latest(self) -> XmrPoint | None:
        return self.points[-1] if self.dates else None


@dataclass(frozen=True)
class RunPart:
    """One part of a run chart with its Anhøj runs analysis (qicharts2 names)."""

    number: int
    start: int
    stop: int
    centre: float | None
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool


@dataclass(frozen=True)
class RunPoint:
    date: Day
    value: float | None
    part: int
    median: float | None


@dataclass(frozen=True)
class RunResult:
    options: RunOptions
    dates: tuple[Day, ...]
    values: tuple[float | None, ...]
    parts: tuple[RunPart, ...]
    part_of_row: tuple[int, ...]  # index into `parts`

    @cached_property
    def points(self) -> tuple[RunPoint, ...]:
        return tuple(
            RunPoint(d, v, self.parts[p].number, self.parts[p].centre)
            for d, v, p in zip(self.dates, self.values, self.part_of_row, strict=True)
        )

    @property
    def runs_signal(self) -> bool:
        return any(p.runs_signal for p in self.parts)
