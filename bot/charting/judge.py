"""The chart engine's verdict (`bot.spc.verdict`) on a measure's rows, in the values every view
needs. This is the only module that reads the engine's result; the views read `Judged`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.spc.drawing.spec import Stretch
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.spc.verdict import analyse_measure
from bot.spc.verdict_types import Limits, Verdict

STATUS = {  # the engine's point status -> the chart's colour key
    "common": "common_cause",
    "missing": "common_cause",
    "improvement": "special_cause_improvement",
    "concern": "special_cause_concern",
    "neutral-high": "special_cause_neutral_high",
    "neutral-low": "special_cause_neutral_low",
}


@dataclass(frozen=True)
class Judged:
    """What the engine says: chart, why, each point's plotted value and status, limits, icons."""

    chart: str  # xmr | t | g | run | none
    reason: str
    days: tuple[date, ...]  # the plotted points' days (a T-chart's: the events' days)
    values: tuple[float | None, ...]  # plotted (a T-chart's: days between events); None: a gap
    statuses: tuple[str, ...]  # common_cause | special_cause_improvement | …
    stretches: tuple[Stretch, ...]
    baseline: tuple[date, date] | None
    limits_state: str  # ok | provisional | collapsed | undefined | no_variation
    variation_icon: str | None  # None whenever the limits cannot judge
    assurance_icon: str | None
    sentence: str  # the one plain verdict every view shows
    special_cause: bool = False  # the latest point is a special cause
    runs_signal: bool = False
    too_few_events: bool = False
    rebase_hint: str | None = (
        None  # "9 of the last 10 points are below the mean since 3 Feb — rebase?"
    )
    rebase_day: date | None = None
    since_last: str | None = None  # "12 days since the last fall"


def _stretch(lim: Limits, judged: bool, provisional: bool) -> Stretch:
    """A limits group as drawn; limits that cannot judge (collapsed, undefined) are not drawn."""
    fair = judged and lim.lower is not None and lim.upper is not None and lim.lower < lim.upper
    return Stretch(
        lim.first,
        lim.last,
        lim.centre if lim.centre is not None else lim.mean,
        lim.lower if fair else None,
        lim.upper if fair else None,
        provisional,
    )


def from_verdict(v: Verdict) -> Judged:
    """The views' values of one engine verdict."""
    judged = v.judged
    last = len(v.limits) - 1
    return Judged(
        chart=v.chart,
        reason=v.reason,
        days=tuple(p.day for p in v.points),
        values=tuple(p.value for p in v.points),
        statuses=tuple(STATUS.get(p.status, "common_cause") for p in v.points),
        stretches=tuple(
            _stretch(lim, judged, i == last and v.limits_state == "provisional")
            for i, lim in enumerate(v.limits)
        ),
        baseline=v.baseline if v.chart != "run" else None,
        limits_state=v.limits_state,
        variation_icon=v.variation_icon if judged else None,
        assurance_icon=v.assurance_icon if judged else None,
        sentence=v.sentence,
        special_cause=judged and v.special_cause,
        runs_signal=bool(v.runs_signal),
        too_few_events=v.too_few_events,
        rebase_hint=v.rebase_hint,
        rebase_day=v.rebase_from,
        since_last=v.since_last,
    )


NOTHING = Judged(
    "none", "Nothing recorded yet.", (), (), (), (), None, "undefined", None, None,
    "Nothing recorded yet.",
)  # fmt: skip


def judge(
    days: Sequence[date],
    values: Sequence[float | None],
    spec: MeasureSpec,
    settings: ChartSettings,
    rebases: Sequence[date] = (),
    as_of: date | None = None,
) -> Judged:
    """The verdict on a measure's rows (None: not recorded), over all of its history."""
    if all(v is None for v in values):
        return NOTHING
    return from_verdict(analyse_measure(days, values, spec, settings, rebases, as_of))
