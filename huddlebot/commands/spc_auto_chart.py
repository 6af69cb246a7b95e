"""`huddlebot spc --kind auto --png`: the chart the bot would draw for a measure of that kind,
from the same analysis (`bot.charting.judge`) as a team's `/huddle chart`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bot.charting.analysis import MeasureAnalysis
from bot.charting.judge import judge
from bot.charting.series import History
from bot.huddle.kinds import kind_of
from bot.spc.drawing.spec import ChartSpec
from bot.spc.json_auto import AutoOptions, every_day


def auto_chart(
    dates: tuple[Any, ...], values: tuple[float | None, ...], options: AutoOptions, title: str
) -> ChartSpec:
    """The analysed chart of an auto series; the title names its events ("days between …")."""
    days, filled = every_day(dates, values)
    kind = kind_of(options.spec.kind)
    spec = options.spec
    if kind.rare_events and not spec.unit:  # a count's events take the measure's name
        spec = replace(spec, unit=title.lower())
    as_of = days[-1] if days else date(2000, 1, 1)
    judged = judge(days, filled, spec, options.settings, options.rebase, as_of)
    rebased = tuple((d, "rebased") for d in options.rebase)
    analysis = MeasureAnalysis(
        team="", measure=title, measure_key="", kind=spec.kind,
        unit=kind.suffix.strip() or spec.unit, direction=spec.direction, target=spec.target,
        as_of=as_of, history=History(tuple(days), tuple(filled), (), rebased), judged=judged,
    )  # fmt: skip
    drawing = analysis.drawing(spec)
    return ChartSpec(
        title=title, kind=drawing.chart, dates=drawing.days, values=drawing.values,
        unit=drawing.unit, target=spec.target, improvement_direction=spec.direction,
        markers=tuple((d, f"Rebased: {d:%-d %b}") for d in options.rebase), drawing=drawing,
    )  # fmt: skip
