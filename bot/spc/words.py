"""The words of a verdict: rule labels, the one plain sentence, the rebase suggestion."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.spc import choose
from bot.spc.drawn import Drawn
from bot.spc.settings import MeasureSpec
from bot.spc.verdict_types import Limits


def short_day(day: date) -> str:
    """ "3 Feb"."""
    return f"{day.day} {day:%b}"


def event_noun(spec: MeasureSpec) -> str:
    """What one event is called, from the measure's unit ("falls" → "fall"); "event" otherwise."""
    unit = spec.unit.strip().lower()
    if not unit or unit in ("count", "counts", "number", "events"):
        return "event"
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def label(chart: str, rule: str | None, high: bool) -> str:
    """A rule in words, for a point: "above the upper limit", "7 in a row below the mean"."""
    if rule is None:
        return ""
    if chart in ("t", "g"):
        longer = "longer" if high else "shorter"
        return {
            "outside_limits": f"gap {longer} than the {'upper' if high else 'lower'} limit",
            "trend": f"gaps getting {longer}",
            "two_of_three": f"2 of 3 gaps close to the {'upper' if high else 'lower'} limit",
            "shift": f"a run of gaps {longer} than usual",
        }[rule]
    side = "above" if high else "below"
    return {
        "outside_limits": f"{side} the {'upper' if high else 'lower'} limit",
        "trend": "a rising trend" if high else "a falling trend",
        "two_of_three": f"2 of 3 close to the {'upper' if high else 'lower'} limit",
        "shift": f"a run {side} the mean",
    }[rule]


MEANING = {
    "improvement": "Special cause — improvement",
    "concern": "Special cause — concern",
    "neutral-high": "Special cause — a change (neither better nor worse)",
    "neutral-low": "Special cause — a change (neither better nor worse)",
}


def days(x: float | None) -> str:
    """ "1 day", "3.4 days"."""
    return f"{number(x)} {'day' if x == 1 else 'days'}"


def number(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if abs(x) >= 100 or x == int(x) else f"{x:,.1f}"


def _stretch(drawn: Drawn, i: int) -> int:
    """Points in a row, ending at `i`, flagged by the same rule the same way (unrecorded rows
    left out of a `skip` chart are stepped over)."""
    n, j = 1, i - 1
    while j >= 0 and drawn.group_of_row[j] == drawn.group_of_row[i]:
        if drawn.values[j] is not None:
            if drawn.rule[j] != drawn.rule[i] or drawn.direction[j] != drawn.direction[i]:
                break
            n += 1
        elif not drawn.skips_gaps:
            break
        j -= 1
    return n


def _describe(chart: str, drawn: Drawn, lim: Limits, noun: str) -> str:
    """The latest point's signal in words."""
    i = len(drawn.days) - 1
    rule, high = drawn.rule[i], drawn.direction[i] == "high"
    rare = chart in ("t", "g")
    what = f"gaps between {noun}s" if rare else "points"
    if rule == "outside_limits":
        limit = lim.upper if high else lim.lower
        if rare:
            return (
                f"the latest gap between {noun}s ({days(drawn.values[i])}) is "
                f"{'longer' if high else 'shorter'} than the {'upper' if high else 'lower'} "
                f"limit ({days(limit)})"
            )
        side = "above the upper" if high else "below the lower"
        return f"the latest value ({number(drawn.values[i])}) is {side} limit ({number(limit)})"
    n = _stretch(drawn, i)
    if rule == "trend":
        way = ("longer" if high else "shorter") if rare else ("rising" if high else "falling")
        return f"{n} {what} in a row {'getting ' if rare else ''}{way}"
    if rule == "two_of_three":
        return f"2 of the last 3 {what} close to the {'upper' if high else 'lower'} limit"
    side = (
        ("longer" if high else "shorter") + " than usual"
        if rare
        else (f"{'above' if high else 'below'} the mean")
    )
    return f"{n} {what} in a row {side}"


def sentence(
    chart: str, drawn: Drawn, state: str, too_few: bool, status: str, lim: Limits | None,
    spec: MeasureSpec, extra: dict[str, Any],
) -> str:  # fmt: skip
    noun = event_noun(spec)
    since = f" {extra['since_last']}." if chart in ("t", "g") and extra.get("since_last") else ""
    if too_few:
        n = extra.get("events", 0)
        return (
            f"Too few {noun}s to judge yet: {n} recorded, and a "
            f"{'T' if chart == 't' else 'G'}-chart needs {choose.FEWEST_GAPS + 1} to set its "
            f"limits.{since}"
        )
    if state == "no_variation":
        band = drawn.bands[-1]
        value = next(v for v in drawn.values[band.start : band.baseline_stop] if v is not None)
        later = {v for v in drawn.values[band.start : band.stop] if v is not None}
        what = f"gap between {noun}s" if chart in ("t", "g") else "value"
        where = f"every {what} is" if len(later) == 1 else f"every baseline {what} is"
        return f"No variation: {where} {number(value)}, so there are no limits to judge against."
    if state == "undefined":
        return "Too few values for limits yet."
    if state == "collapsed":
        return (
            "No verdict: the limits collapse onto the mean because most values are the same, "
            "so signal cannot be told from noise."
        )
    if lim is None:
        return "Too few values for limits yet."
    provisional = (
        f" Limits are provisional ({drawn.bands[-1].rows} points)."
        if state == "provisional"
        else ""
    )
    if status == "missing":
        day = short_day(drawn.days[-1])
        return f"Nothing recorded for {day}, the latest point.{provisional}{since}"
    if status in MEANING:
        return f"{MEANING[status]}: {_describe(chart, drawn, lim, noun)}.{provisional}{since}"
    if chart in ("t", "g"):
        return (
            f"Common cause: the time between {noun}s is within its usual range "
            f"(up to {days(lim.upper)}).{provisional}{since}"
        )
    return (
        f"Common cause: the latest value is within the limits "
        f"({number(lim.lower)}–{number(lim.upper)}).{provisional}"
    )


def quiet_sentence(status: str, quiet: int, upper: float, spec: MeasureSpec) -> str:
    """ "Special cause — improvement: no falls for 45 days, longer than the upper limit …"."""
    noun = event_noun(spec)
    return (
        f"{MEANING[status]}: no {noun}s for {days(quiet)}, longer than the upper limit "
        f"({days(upper)}) for the gap between {noun}s."
    )
