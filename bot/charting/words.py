"""A verdict in words: the same phrases on the image, in its alt text, on the board and in the
summary, so that no view says it differently."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.charting.judge import Judged
from bot.huddle.kinds import kind_of
from bot.spc.drawing.describe import ASSURANCE_WORDS, VARIATION_WORDS

if TYPE_CHECKING:
    from bot.charting.analysis import MeasureAnalysis

NO_VERDICT = {  # limits that cannot judge: never an icon, a colour or an alert
    "collapsed": "No verdict — the limits collapse",
    "no_variation": "No variation — every value the same",
    "undefined": "No verdict — too few to judge yet",
}


def chart_words(chart: str, measure: str) -> str:
    """The chart type in words."""
    thing = measure.lower()
    return {
        "xmr": "XmR chart",
        "t": f'T-chart "days between {thing}"',
        "g": f'G-chart "days between {thing}"',
        "run": "Run chart",
    }.get(chart, "No chart")


def verdict_words(j: Judged) -> str:
    """The headline: "Special cause — improvement · Target hit and miss", "Run chart — …",
    "No data"."""
    if j.chart == "none":
        return "No data"
    if j.chart == "run":
        if j.runs_signal:
            return "Run chart — non-random variation (a shift or too few crossings)"
        return "Run chart — random variation, no signal"
    if j.variation_icon is None:
        if j.too_few_events:
            return NO_VERDICT["undefined"]
        return NO_VERDICT.get(j.limits_state, NO_VERDICT["undefined"])
    words = [VARIATION_WORDS[j.variation_icon]]
    if j.assurance_icon:
        words.append(ASSURANCE_WORDS[j.assurance_icon])
    if j.limits_state == "provisional":
        words.append("limits provisional")
    return " · ".join(words)


def tone_of(j: Judged) -> str:
    """improvement | concern | neutral | plain: the colour the verdict is written in."""
    if j.chart == "run":
        return "concern" if j.runs_signal else "plain"
    icon = j.variation_icon or ""
    return next((w for w in ("improvement", "concern", "neutral") if w in icon), "plain")


def written_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def gap_note(first: date, rows: int) -> str:
    """ "Nothing recorded for 10 huddle days from 3 Feb (a gap, not zero)." """
    return f"Nothing recorded for {rows} huddle days from {written_day(first)} (a gap, not zero)."


def shift_note(hint: str) -> str:
    """The engine's rebase hint for everyone who sees the chart: the change, not the question."""
    change = hint.removesuffix("— rebase?").rstrip(" —")
    return f"{change[:1].upper()}{change[1:]}: a sustained change; the team lead may rebase."


def since_note(a: MeasureAnalysis) -> str | None:
    """ "12 days since the last fall." for a count where lower is better; None otherwise."""
    if not kind_of(a.kind).rare_events or a.direction != "decrease" or not a.history.days:
        return None
    if a.judged.since_last:  # the engine's own count, so the chart's sentence agrees
        return a.judged.since_last + "."
    thing = a.measure.lower().rstrip("s")
    pairs = zip(reversed(a.history.days), reversed(a.history.values), strict=True)
    last = next((d for d, v in pairs if v), None)
    if last is None:
        span = (a.as_of - a.history.days[0]).days + 1
        return f"No {a.measure.lower()} in the last {span} days."
    days = (a.as_of - last).days
    if days == 0:
        return f"A {thing} today."
    return f"{days} day{'' if days == 1 else 's'} since the last {thing}."
