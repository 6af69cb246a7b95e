"""One analysis of a measure, as of a day: the chart it needs, its points, limits and verdict.

Limits rest on a baseline (the first `baseline_points` points, or from each rebase onward) and stay
fixed until the next rebase; the window shown never moves them. See `bot.spc.choose` for the rule
that picks the chart and `bot.spc.rare` for the T- and G-charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.spc import choose, rare
from bot.spc.aggregate import aggregate
from bot.spc.drawn import Drawn, from_xmr, with_missing
from bot.spc.options import RunOptions
from bot.spc.rare import xmr_options_for
from bot.spc.runs import analyse_run
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.spc.verdict_types import Gap, Verdict
from bot.spc.verdict_view import assemble, run_verdict
from bot.spc.words import event_noun, short_day
from bot.spc.xmr import analyse_xmr

PER = {"day": "daily", "week": "weekly", "month": "monthly"}


def _gaps(days: Sequence[date], values: Sequence[float | None]) -> tuple[Gap, ...]:
    out: list[Gap] = []
    start: date | None = None
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if value is None and start is None:
            start = day
        if start is not None and (value is not None or i == len(days) - 1):
            out.append(Gap(start, day if value is None else days[i - 1]))
            start = None
    return tuple(out)


def _rebase_rows(days: Sequence[date], rebases: Sequence[date]) -> tuple[date, ...]:
    """Each rebase moved onto the first charted day on or after it (never the first day)."""
    out = set()
    for r in rebases:
        first = next((d for d in days if d >= r), None)
        if first is not None and first != days[0]:
            out.add(first)
    return tuple(sorted(out))


def _xmr(
    days: Sequence[date],
    values: Sequence[float | None],
    direction: str,
    settings: ChartSettings,
    rebases: Sequence[date],
) -> Drawn:
    """The XmR chart of the periods; with missing_days `skip` unrecorded periods are left out."""
    options = xmr_options_for(settings, direction, _rebase_rows(days, rebases))
    if settings.missing_days != "skip" or None not in values:
        result = analyse_xmr(days, values, options)
        return from_xmr(result, tuple(days), tuple(values), settings.baseline_points)
    kept = [i for i, v in enumerate(values) if v is not None]
    options = xmr_options_for(settings, direction, _rebase_rows([days[i] for i in kept], rebases))
    result = analyse_xmr([days[i] for i in kept], [values[i] for i in kept], options)
    drawn = from_xmr(result, result.dates, result.values, settings.baseline_points)  # type: ignore[arg-type]
    return with_missing(drawn, kept, tuple(days), tuple(values))


def _baseline_values(drawn: Drawn) -> list[float | None]:
    if not drawn.bands:
        return []
    band = drawn.bands[-1]
    return list(drawn.values[band.start : band.baseline_stop])


def _collapsed(drawn: Drawn) -> bool:
    """Limits that screening squeezed onto the mean though the baseline varies."""
    if not drawn.bands:
        return False
    band = drawn.bands[-1]
    varied = len({v for v in _baseline_values(drawn) if v is not None}) > 1
    return varied and band.upper is not None and band.lower is not None and band.upper <= band.lower


def analyse_measure(
    days: Sequence[date],
    values: Sequence[float | None],
    spec: MeasureSpec,
    settings: ChartSettings,
    rebases: Sequence[date] = (),
    as_of: date | None = None,
    shown_from: date | None = None,
) -> Verdict:
    """The verdict on a measure from its whole history of consecutive days (None: not recorded).

    `as_of` drops days after it; `shown_from` trims the points shown, never the limits."""
    if len(days) != len(values):
        raise ValueError(f"{len(days)} days but {len(values)} values")
    pairs = sorted(zip(days, values, strict=True))
    if as_of is not None:
        pairs = [(d, v) for d, v in pairs if d <= as_of]
    days = [d for d, _ in pairs]
    values = [v for _, v in pairs]
    counts = spec.kind in choose.EVENT_KINDS
    noun = event_noun(spec)
    gaps = _gaps(days, values)
    periods, period_values = aggregate(days, values, spec.aggregate, total=counts)
    events = rare.events_of(days, values, settings.missing_days) if counts else None
    extra: dict[str, Any] = {"gaps": gaps}
    if events is not None:
        extra["events"] = events.count
        if days:
            extra.update(_since_last(events, days[0], days[-1], noun))
    context: dict[str, Any] = {
        "spec": spec,
        "settings": settings,
        "shown_from": shown_from,
        "extra": extra,
    }
    if choose.recorded(period_values) == 0:
        return run_verdict(periods, period_values, None, "Nothing recorded yet.", **context)
    chart, why = _choose(periods, period_values, spec, settings, rebases, counts, noun)
    if chart == "run":
        parts = tuple(sorted({periods.index(d) for d in _rebase_rows(periods, rebases)}))
        run = analyse_run(periods, period_values, RunOptions(part=parts))
        return run_verdict(periods, period_values, run, why, **context)
    if chart in ("t", "g") and events is not None:
        analyse = rare.analyse_t if chart == "t" else rare.analyse_g
        drawn = analyse(events, spec.direction, settings, rebases)
        quiet = _quiet_days(events, days, values, settings)
        return assemble(
            chart, why, drawn, rare.OPPOSITE[spec.direction], **context, quiet_days=quiet
        )
    drawn = _xmr(periods, period_values, spec.direction, settings, rebases)
    return assemble("xmr", why, drawn, spec.direction, **context)


def _quiet_days(
    events: rare.Events, days: Sequence[date], values: Sequence[float | None], s: ChartSettings
) -> int | None:
    """Days since the last event when every one of them was recorded (or missing days skip)."""
    if events.last is None or not days:
        return None
    since = [v for d, v in zip(days, values, strict=True) if d > events.last]
    if s.missing_days == "gap" and None in since:
        return None
    return (days[-1] - events.last).days


def _since_last(events: rare.Events, first: date, last: date, noun: str) -> dict:
    if events.last is None:
        return {"since_last": f"No {noun}s recorded since {short_day(first)}"}
    n = (last - events.last).days
    word = "day" if n == 1 else "days"
    return {"days_since_last": n, "since_last": f"{n} {word} since the last {noun}"}


def _choose(
    periods: Sequence[date],
    values: Sequence[float | None],
    spec: MeasureSpec,
    settings: ChartSettings,
    rebases: Sequence[date],
    counts: bool,
    noun: str,
) -> tuple[str, str]:
    """The chart and the plain sentence saying why (see `bot.spc.choose`)."""
    n = choose.recorded(values)
    few = choose.too_few_for_limits(values)
    unit = spec.aggregate
    asked = settings.chart
    if asked in ("t", "g") and counts:
        name = "T-chart of days" if asked == "t" else "G-chart of event-free days"
        return asked, f"A {name} between {noun}s, as the chart setting asks."
    if asked == "run":
        return "run", "A run chart around the median, as the chart setting asks."
    if few:
        return "run", (
            f"A run chart: {n} {unit}{'s' if n != 1 else ''} recorded, and limits need "
            f"{choose.RUN_CHART_BELOW}."
        )
    if asked == "xmr":
        return "xmr", "An XmR chart, as the chart setting asks."
    drawn = _xmr(periods, values, spec.direction, settings, rebases)
    collapsed = _collapsed(drawn)
    if counts:
        rare_why = choose.rare_events(_baseline_values(drawn), collapsed, unit)
        if rare_why:
            return "t", (
                f"A T-chart of days between {noun}s: {noun}s are rare events ({rare_why}), "
                f"so the time between them shows change better than {PER[unit]} counts."
            )
    if collapsed:
        return "run", (
            "A run chart around the median: almost every value is the same, so XmR limits "
            "would collapse onto the mean."
        )
    return "xmr", (
        f"An XmR chart of {PER[unit]} values: limits from the first {settings.baseline_points} "
        f"{unit}s of each baseline."
    )
