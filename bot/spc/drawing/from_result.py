"""A chart of the `huddlebot spc` contract (an "xmr" or "run" series with its own options) as a
`Drawing`, so that it is drawn in the same design as a measure's chart: icons, labelled mean
and limits, special causes ringed, the period and chart type in the subtitle."""

from __future__ import annotations

from datetime import date, datetime
from statistics import median

from bot.spc.drawing.describe import analysis, caption
from bot.spc.drawing.spec import ChartSpec, Drawing, Stretch
from bot.spc.results import RunResult, XmrResult
from bot.spc.sentence import describe_latest


def _day(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def period_of(days: tuple[date, ...]) -> str:
    """day | week | month, from the usual gap between the dates given ("day" when unclear)."""
    gaps = [(_day(b) - _day(a)).days for a, b in zip(days, days[1:], strict=False)]
    usual = median(gaps) if gaps else 1
    return "week" if 6 <= usual <= 8 else "month" if 27 <= usual <= 32 else "day"


def _tone(result: XmrResult | RunResult) -> str:
    if isinstance(result, RunResult):
        return "concern" if result.runs_signal else "plain"
    icon = result.variation_icon or ""
    return next((w for w in ("improvement", "concern", "neutral") if w in icon), "plain")


def _stretches(result: XmrResult | RunResult) -> tuple[Stretch, ...]:
    days = result.dates
    if isinstance(result, RunResult):
        return tuple(
            Stretch(days[p.start], days[p.stop - 1], p.centre, None, None)
            for p in result.parts
            if p.stop > p.start
        )
    return tuple(
        Stretch(days[g.start], days[g.stop - 1], g.mean, g.lpl, g.upl, g.short)
        for g in result.groups
        if g.stop > g.start
    )


def result_drawing(spec: ChartSpec) -> Drawing:
    """The drawing of a series analysed with its own options (nothing else is looked up)."""
    result = analysis(spec)
    xr = result if isinstance(result, XmrResult) else None
    xmr = xr is not None
    detail = describe_latest(xr) if xr else None
    present = [v for v in result.values if v is not None]
    return Drawing(
        chart="xmr" if xmr else "run",
        chart_words="XmR chart" if xmr else "Run chart",
        verdict=caption(result),
        tone=_tone(result),
        days=tuple(result.dates),
        values=tuple(result.values),
        statuses=tuple(xr.point_type) if xr else ("common_cause",) * len(result.dates),
        detail=f"{caption(result).split(' · ')[0]}: {detail}" if detail else "",
        stretches=_stretches(result),
        centre_name="mean" if xmr else "median",
        y_label=spec.unit,
        period=period_of(tuple(result.dates)),
        direction=spec.improvement_direction if xmr else "neutral",
        variation_icon=xr.variation_icon if xr else None,
        assurance_icon=xr.assurance_icon if xr else None,
        whole=bool(present) and all(float(v).is_integer() for v in present),
        unit=spec.unit,
    )
