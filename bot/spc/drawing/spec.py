"""What to draw: a measure's chart or the managers' summary table. Plain frozen values, so a
spec can cross into a worker process and be rendered there."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.spc.options import Day, RunOptions, XmrOptions


@dataclass(frozen=True)
class Stretch:
    """Rows sharing one centre line and one pair of limits (a limits group, within the window)."""

    first: Day
    last: Day
    centre: float | None
    lower: float | None  # clipped to the measure's bounds; None when undefined or collapsed
    upper: float | None
    provisional: bool = False  # trial limits: too few points yet


@dataclass(frozen=True)
class Drawing:
    """A measure's analysed chart as it is drawn: every figure comes from the one analysis
    (`bot.charting.analysis`), so the image, its words and every other view agree."""

    chart: str  # xmr | t | g | run
    chart_words: str  # "XmR chart", 'T-chart "days between falls"', "Run chart"
    verdict: str  # the verdict in words, as every view says it
    tone: str  # improvement | concern | neutral | plain
    days: tuple[Day, ...]
    values: tuple[float | None, ...]  # the plotted values; None is a gap (line broken)
    statuses: tuple[str, ...]  # per row: common_cause | special_cause_improvement | …
    detail: str = ""  # the latest signal in words ("13 points in a row below the mean")
    stretches: tuple[Stretch, ...] = ()
    centre_name: str = "mean"  # mean | median
    baseline: tuple[Day, Day] | None = None  # the rows the limits rest on
    bounds: tuple[float | None, float | None] = (None, None)  # the axis may not pass these
    y_label: str = ""
    notes: tuple[str, ...] = ()  # under the verdict: a long gap, days since the last event
    period: str = "day"  # what one point is: day | week | month | event (T/G-charts)
    direction: str = "neutral"  # which way is better on the chart drawn (a T-chart's: higher)
    variation_icon: str | None = None  # as the analysis gives it; None: no icon is drawn
    assurance_icon: str | None = None  # pass | fail | inconsistent | None
    whole: bool = False  # values are whole numbers (counts, days between events)
    hint: str | None = None  # the analysis's rebase hint, if any
    unit: str = ""  # the values' unit as labels write it ("%", "min", "falls", "days")


@dataclass(frozen=True)
class ChartSpec:
    """One measure over time: an XmR chart ("xmr") or a run chart ("run").

    `target` and `improvement_direction` here win over the same fields in `options`. Rebase dates
    come from `options.rebase`; `markers` label any date (a rebase's reason, a tested idea's start).
    """

    title: str
    kind: str  # "xmr" | "run"
    dates: tuple[Day, ...]
    values: tuple[float | None, ...]
    options: XmrOptions | RunOptions = field(default_factory=XmrOptions)
    unit: str = ""
    target: float | None = None
    improvement_direction: str = "increase"
    markers: tuple[tuple[Day, str], ...] = ()
    drawing: Drawing | None = None  # set for a measure's chart: drawn as analysed, not re-analysed

    def xmr_options(self) -> XmrOptions:
        base = self.options if isinstance(self.options, XmrOptions) else XmrOptions()
        return replace(base, target=self.target, improvement_direction=self.improvement_direction)

    def run_options(self) -> RunOptions:
        return self.options if isinstance(self.options, RunOptions) else RunOptions()


@dataclass(frozen=True)
class SummaryRow:
    """One team's measure in the Making Data Count summary table."""

    team: str
    measure: str
    latest: str  # the latest value as text ("3.2", "95%", "no data")
    variation_icon: str | None  # as XmrResult.variation_icon; None: no icon (run chart, no data)
    assurance_icon: str | None  # "pass" | "fail" | "inconsistent" | None
    variation: str = ""  # the verdict in words where there is no icon ("No data", "Run chart …")
    division: str = ""
    latest_date: str = ""  # "28 Feb"; "" when nothing is recorded
    target: str = ""  # "95%", "30 min"; "" when the measure has none
    recent: tuple[float | None, ...] = ()  # the last points, for the sparkline (None: a gap)
    state: str = ""  # "no data" | "too few points" | "run chart" | "no verdict" | "" (icons)
    attention: bool = False  # a concern or a target consistently missed


@dataclass(frozen=True)
class SummarySpec:
    """The managers' matrix: team × measure rows, needing attention first, with icons."""

    title: str
    rows: tuple[SummaryRow, ...]
    divisions: bool = False  # show the division column (the trust view)
    note: str = ""  # under the title: which part of the summary this image is
