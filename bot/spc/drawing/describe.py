"""Charts in words: the caption under a chart and its alt text (also the text fallback)."""

from __future__ import annotations

from datetime import date

from bot.spc.drawing.as_text import better_text, number_text, period_text, signal_text, value_text
from bot.spc.drawing.matrix_words import summary_alt
from bot.spc.drawing.spec import ChartSpec, Drawing, SummarySpec
from bot.spc.results import RunResult, XmrResult
from bot.spc.runs import analyse_run
from bot.spc.sentence import describe_latest
from bot.spc.xmr import analyse_xmr

VARIATION_WORDS = {
    "common_cause": "Common cause variation — no signal",
    "improvement_high": "Special cause — improvement",
    "improvement_low": "Special cause — improvement",
    "concern_high": "Special cause — concern",
    "concern_low": "Special cause — concern",
    "neutral_high": "Special cause — higher, neither better nor worse",
    "neutral_low": "Special cause — lower, neither better nor worse",
}
ASSURANCE_WORDS = {
    "pass": "Target consistently met",
    "fail": "Target consistently missed",
    "inconsistent": "Target hit and miss",
}


def analysis(spec: ChartSpec) -> XmrResult | RunResult:
    """The analysis a chart shows."""
    if spec.kind == "run":
        return analyse_run(spec.dates, spec.values, spec.run_options())
    return analyse_xmr(spec.dates, spec.values, spec.xmr_options())


def _when(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def caption(result: XmrResult | RunResult) -> str:
    """The verdict in words: "Special cause — improvement · Target consistently met"."""
    if isinstance(result, RunResult):
        if not any(p.n_useful for p in result.parts):
            return "Run chart — not enough data for a runs analysis"
        if result.runs_signal:
            return "Run chart — non-random variation (a shift or too few crossings)"
        return "Run chart — random variation, no signal"
    words = [VARIATION_WORDS[result.variation_icon]]
    if result.assurance_icon:
        words.append(ASSURANCE_WORDS[result.assurance_icon])
    if result.groups and result.groups[-1].short:
        words.append("limits provisional")
    return " · ".join(words)


def _latest(spec: ChartSpec) -> str:
    present = [(d, v) for d, v in zip(spec.dates, spec.values, strict=True) if v is not None]
    if not present:
        return "no values yet"
    day, value = max(present, key=lambda row: row[0])
    unit = f" {spec.unit}" if spec.unit else ""
    return f"latest {number_text(value)}{unit} on {_when(day)}"


def spec_caption(spec: ChartSpec) -> str:
    """The verdict a chart is drawn with: its analysis's words when it has one."""
    return spec.drawing.verdict if spec.drawing else caption(analysis(spec))


def _figures(spec: ChartSpec, d: Drawing) -> str:
    """ "Mean 1.6 falls, upper limit 3.4 falls, lower limit 0 falls; target 3 falls." as drawn."""
    out = []
    if d.stretches:
        s = d.stretches[-1]
        names = ((d.centre_name.capitalize(), s.centre), ("upper limit", s.upper),
                 ("lower limit", s.lower))  # fmt: skip
        out = [f"{name} {value_text(v, d.unit)}" for name, v in names if v is not None]
    if spec.target is not None and d.chart in ("xmr", "run"):
        out.append(f"target {value_text(spec.target, d.unit)}")
    return f" {', '.join(out)}." if out else ""


def _drawn_alt(spec: ChartSpec, d: Drawing) -> str:
    """Everything the image says, with its numbers written as the image writes them."""
    present = sum(v is not None for v in d.values)
    period = f" ({period_text(d.period, d.days[0], d.days[-1])})" if d.days else ""
    if d.chart in ("t", "g") and present:  # a point is an event, its value the days since
        value = d.values[-1] or 0
        what = f"{present} event" + ("" if present == 1 else "s")
        latest = (
            f"the latest on {_when(d.days[-1])}, {value_text(value, 'days')} after the one before"
        )
        first = f"{d.chart_words} of {spec.title} over {what}{period}, {latest}."
    else:
        points = f"{present} point" + ("" if present == 1 else "s")
        last = [(day, v) for day, v in zip(d.days, d.values, strict=True) if v is not None]
        latest = (
            f"latest {value_text(last[-1][1], d.unit)} on {_when(last[-1][0])}"
            if last else "no values yet"
        )  # fmt: skip
        first = f"{d.chart_words} of {spec.title} over {points}{period}, {latest}."
    better = f" {better_text(d.direction).capitalize()}." if better_text(d.direction) else ""
    signals = signal_text(d.days, d.statuses)
    signalled = f" Special cause points: {signals}." if signals else ""
    notes = "".join(f" {n}" for n in d.notes)
    detail = f" {d.detail}" if d.detail else ""
    return f"{first}{better} {d.verdict}.{_figures(spec, d)}{signalled}{detail}{notes}"


def alt_text(spec: ChartSpec | SummarySpec) -> str:
    """One or two plain sentences saying what the chart shows."""
    if isinstance(spec, SummarySpec):
        return summary_alt(spec)
    if spec.drawing is not None:
        return _drawn_alt(spec, spec.drawing)
    result = analysis(spec)
    kind = "Run chart" if spec.kind == "run" else "SPC chart"
    points = f"{len(spec.dates)} point" + ("" if len(spec.dates) == 1 else "s")
    first = f"{kind} of {spec.title} over {points}, {_latest(spec)}."
    verdict = caption(result)
    if isinstance(result, XmrResult) and (signal := describe_latest(result)):
        verdict += f" ({signal})"
    return f"{first} {verdict}."
