"""Charts for rare events (falls, pressure ulcers): time between events, as qicharts2 draws them.

T-chart (qicharts2 `chart = "t"`): y = days since the previous event (0, two events on one day,
reads as 0.1 as in qicharts2), transformed y ** (1 / 3.6), an XmR chart with the Making Data Count
rules on the transformed values, centre and limits back-transformed (a negative lower limit is 0).

G-chart (qicharts2 `chart = "g"`): y = event-free days between events; centre = mean of the
baseline, sigma = sqrt(mean * (mean + 1)), upper = mean + 3 sigma, lower = 0. Runs are judged
around the theoretical median 0.693 * mean (qicharts2's centre line); the rules are a point above
the upper limit and a shift (shift_length points on one side of that line).

Longer gaps between falls are better, so the chart's improvement direction is the opposite of the
count's. A day with nothing recorded: with missing_days `gap` the gap that spans it is unknown (a
missing point), with `skip` it counts as a day without events.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.spc import rules
from bot.spc.drawn import Band, Drawn, from_xmr, t_back
from bot.spc.numbers import r_mean
from bot.spc.options import XmrOptions
from bot.spc.settings import ChartSettings
from bot.spc.xmr import analyse_xmr

SAME_DAY = 0.1  # qicharts2 replaces a zero time between events by 0.1
T_POWER = 1 / 3.6
G_MEDIAN = 0.693  # a geometric distribution's median as a share of its mean (Provost & Murray)
OPPOSITE = {"increase": "decrease", "decrease": "increase", "neutral": "neutral"}


@dataclass(frozen=True)
class Events:
    """Each event after the first: its day and the days since the previous one (None: unknown)."""

    days: tuple[date, ...]
    gaps: tuple[float | None, ...]
    count: int  # every event, the first included
    last: date | None


def events_of(days: Sequence[date], values: Sequence[float | None], missing_days: str) -> Events:
    """The events in daily counts (a count of 2 is two events) and the time between them."""
    out_days: list[date] = []
    gaps: list[float | None] = []
    previous: date | None = None
    unknown = False  # a missing day since the previous event
    count = 0
    for day, value in zip(days, values, strict=True):
        if value is None:
            unknown = unknown or missing_days == "gap"
            continue
        for _ in range(max(int(round(value)), 0)):
            count += 1
            if previous is not None:
                out_days.append(day)
                gaps.append(None if unknown else float((day - previous).days))
            previous, unknown = day, False
    return Events(tuple(out_days), tuple(gaps), count, previous)


def _positions(n: int) -> list[date]:
    """Stand-in dates, one per point: several events can share a day."""
    return [date.fromordinal(1 + i) for i in range(n)]


def _group_starts(days: Sequence[date], rebases: Sequence[date]) -> list[int]:
    """Where each rebase begins, as the first point on or after its day (never the first point)."""
    starts = {next((i for i, d in enumerate(days) if d >= r), 0) for r in rebases}
    return sorted(starts - {0})


def xmr_options_for(settings: ChartSettings, direction: str, rebase: Sequence[date]) -> XmrOptions:
    """The engine's XmR options from the trust's Making Data Count settings."""
    return XmrOptions(
        improvement_direction=direction,
        rebase=tuple(rebase),
        fix_after_n_points=settings.baseline_points,
        shift_length=settings.shift_length,
        trend_length=settings.trend_length,
        two_of_three_counts_beyond_limits=settings.two_of_three_counts_beyond_limits,
        conflict_resolution="improvement_wins" if settings.improvement_wins else "rule_precedence",
    )


def _present(values: Sequence[float | None], settings: ChartSettings) -> list[int]:
    """Rows analysed: every row with `gap`, only rows with a value with `skip`."""
    if settings.missing_days == "skip":
        return [i for i, v in enumerate(values) if v is not None]
    return list(range(len(values)))


def analyse_t(
    events: Events, count_direction: str, settings: ChartSettings, rebases: Sequence[date]
) -> Drawn:
    """The T-chart of the time between events."""
    direction = OPPOSITE[count_direction]
    keep = _present(events.gaps, settings)
    days = tuple(events.days[i] for i in keep)
    gaps = tuple(events.gaps[i] for i in keep)
    shown = [None if g is None else max(g, SAME_DAY) ** T_POWER for g in gaps]
    stand_in = _positions(len(days))
    starts = _group_starts(days, rebases)
    options = xmr_options_for(settings, direction, [stand_in[i] for i in starts])
    result = analyse_xmr(stand_in, shown, options)
    return from_xmr(result, days, gaps, settings.baseline_points, t_back)


def analyse_g(
    events: Events, count_direction: str, settings: ChartSettings, rebases: Sequence[date]
) -> Drawn:
    """The G-chart of event-free days between events."""
    keep = _present(events.gaps, settings)
    days = tuple(events.days[i] for i in keep)
    values = tuple(None if events.gaps[i] is None else max(events.gaps[i] - 1, 0.0) for i in keep)  # type: ignore[operator]
    starts = [0, *_group_starts(days, rebases)]
    bands: list[Band] = []
    rule: list[str | None] = []
    way: list[str | None] = []
    group_of_row: list[int] = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(days)
        chunk = values[start:stop]
        base_stop = min(start + settings.baseline_points, stop)
        mean = r_mean([v for v in values[start:base_stop] if v is not None])
        if math.isnan(mean):
            band = Band(start, stop, base_stop, None, None, None, None, None, None)
            sides: list[int | None] = [None] * len(chunk)
        else:
            sigma = math.sqrt(mean * (mean + 1))
            centre = G_MEDIAN * mean
            band = Band(
                start, stop, base_stop, mean, 0.0, mean + 3 * sigma, 0.0, mean + 2 * sigma, centre
            )
            sides = [None if v is None else (v > centre) - (v < centre) for v in chunk]
        bands.append(band)
        shift = rules.shift(sides, settings.shift_length)
        for v, side, shifted in zip(chunk, sides, shift, strict=True):
            above = band.upper is not None and v is not None and v > band.upper
            if above:
                rule.append("outside_limits")
                way.append("high")
            elif shifted:
                rule.append("shift")
                way.append("high" if side == 1 else "low")
            else:
                rule.append(None)
                way.append(None)
        group_of_row += [k] * len(chunk)
    return Drawn(days, values, tuple(rule), tuple(way), tuple(group_of_row), tuple(bands))
