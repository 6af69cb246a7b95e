"""What one analysis of a measure returns; every view (image, board, summary, digest) reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CHART_TYPES = ("xmr", "t", "g", "run")
STATUSES = ("common", "improvement", "concern", "neutral-high", "neutral-low", "missing")
LIMITS_STATES = ("ok", "provisional", "collapsed", "undefined", "no_variation")
JUDGED = ("ok", "provisional")  # the limits states that may colour a point or give an icon


@dataclass(frozen=True)
class VerdictPoint:
    """One plotted point: a day (or a period's first day, or an event's day on a T/G-chart)."""

    day: date
    value: float | None  # None: not recorded (a gap, never zero)
    status: str  # one of STATUSES
    rule: str | None  # outside_limits | trend | two_of_three | shift (None: no special cause)
    label: str  # the rule in words ("above the upper limit"), "" when there is none
    mean: float | None  # of the point's limits group
    lower: float | None  # clipped to the measure's bounds
    upper: float | None


@dataclass(frozen=True)
class Limits:
    """One limits group: the days it covers and the baseline its limits were fixed on."""

    first: date
    last: date
    baseline_first: date
    baseline_last: date
    mean: float | None
    lower: float | None  # clipped to the measure's bounds
    upper: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    centre: float | None  # the line drawn: the mean, a G-chart's median, a run chart's median


@dataclass(frozen=True)
class Gap:
    """Days with nothing recorded, in a row."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Verdict:
    """The one analysis of a measure as of a day, and the sentence every view shows."""

    chart: str  # xmr | t | g | run
    reason: str  # why this chart, in a plain sentence
    period: str  # day | week | month (what one point of an XmR or run chart is)
    direction: str  # improvement direction of the chart drawn (a T-chart's is the count's opposite)
    points: tuple[VerdictPoint, ...]  # the window shown; the limits rest on all history
    limits: tuple[Limits, ...]  # every limits group, oldest first
    mean: float | None  # latest limits group
    centre: float | None
    lower_limit: float | None
    upper_limit: float | None
    baseline: tuple[date, date] | None  # first and last day of the latest baseline
    limits_state: str  # one of LIMITS_STATES
    variation_icon: str | None  # improvement_high, concern_low, common_cause … ; None unjudged
    assurance_icon: str | None  # pass | fail | inconsistent; None without target or limits
    status: str  # the latest point's status ("missing" when nothing was recorded that day)
    sentence: str  # the one plain verdict every view shows
    rebase_hint: str | None = None  # "9 of the last 10 points are below the mean since 3 Feb …"
    rebase_from: date | None = None  # the day a rebase would start from
    days_since_last: int | None = None  # rare events: days from the last event to the latest day
    since_last: str | None = None  # "12 days since the last fall"
    events: int | None = None  # events in the history analysed (counts)
    too_few_events: bool = False  # a T/G-chart whose baseline cannot judge yet
    runs_signal: bool | None = None  # run charts: Anhøj's non-random variation
    gaps: tuple[Gap, ...] = ()  # stretches of days with nothing recorded, oldest first

    @property
    def latest(self) -> VerdictPoint | None:
        return self.points[-1] if self.points else None

    @property
    def special_cause(self) -> bool:
        """The latest point is a special cause (never when the limits cannot judge)."""
        return self.status in ("improvement", "concern", "neutral-high", "neutral-low")

    @property
    def judged(self) -> bool:
        return self.limits_state in JUDGED and self.chart != "run" and not self.too_few_events
