"""What to draw: a measure's chart or the managers' summary table. Plain frozen values, so a
spec can cross into a worker process and be rendered there."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.spc.options import Day, RunOptions, XmrOptions


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
    variation_icon: str  # as XmrResult.variation_icon
    assurance_icon: str | None  # "pass" | "fail" | "inconsistent" | None


@dataclass(frozen=True)
class SummarySpec:
    """The managers' table: every team × measure with its latest value and icons."""

    title: str
    rows: tuple[SummaryRow, ...]
