"""Which chart a measure needs, by one documented rule that every view shares.

1. Fewer than RUN_CHART_BELOW recorded points: a run chart (median and runs, no limits yet).
2. A count (falls, pressure ulcers) whose baseline is rare events: a T-chart of the days between
   events. Rare means at least RARE_ZERO_SHARE of the baseline periods are zero, or fewer than
   RARE_MEAN_BELOW events per period on average, or XmR limits that screening collapses.
3. Anything else (percent, score, number, minutes, yes/no, ratio, frequent counts): an XmR chart.
   Where XmR limits collapse on a measure that is not a count (almost every value the same), a run
   chart around the median is shown instead of limits that mean nothing.

A trust or measure can name the chart (`chart: xmr | t | g | run`); a named XmR chart still needs
RUN_CHART_BELOW points, and a T- or G-chart needs FEWEST_GAPS gaps between events in its baseline
before it judges anything ("too few events to judge yet").
"""

from __future__ import annotations

from collections.abc import Sequence

RUN_CHART_BELOW = 12  # recorded points; from 12 the chart has (provisional) limits
PROVISIONAL_BELOW = 13  # rows in a limits group below which limits are provisional (§6)
RARE_ZERO_SHARE = 0.6  # share of zero periods in the baseline that makes a count rare
RARE_MEAN_BELOW = 1.0  # mean events per period below which a count is rare
FEWEST_GAPS = 6  # gaps between events a T- or G-chart baseline needs before it judges
EVENT_KINDS = ("count",)  # kinds whose values are counts of events


def recorded(values: Sequence[float | None]) -> int:
    """How many points have a value."""
    return sum(v is not None for v in values)


def too_few_for_limits(values: Sequence[float | None]) -> bool:
    """The one threshold every view applies: below it, a run chart and no limits."""
    return recorded(values) < RUN_CHART_BELOW


def rare_events(
    baseline: Sequence[float | None], collapsed: bool, unit: str = "period"
) -> str | None:
    """Why a count's baseline is rare events (a phrase), or None when an XmR chart suits it."""
    present = [v for v in baseline if v is not None]
    if not present:
        return None
    zeros = sum(v == 0 for v in present) / len(present)
    mean = sum(present) / len(present)
    if zeros >= RARE_ZERO_SHARE:
        return f"{zeros:.0%} of the baseline {unit}s have none"
    if mean < RARE_MEAN_BELOW:
        return f"there are fewer than {RARE_MEAN_BELOW:g} a {unit} on average"
    if collapsed:
        return f"most {unit}s have the same count, so XmR limits collapse"
    return None
