"""`/huddle chart <measure> [days]`: one measure's chart, posted in the conversation."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.charting.access import may_see
from bot.charting.analysis import MeasureAnalysis, analyse, measure_spec
from bot.charting.queries import team_named
from bot.context import Context
from bot.huddle.access import which_team
from bot.huddle.anonymous import WHEN_SHOWN
from bot.huddle.measures import find, listing, team_measures
from bot.ideas.store import test_starts
from bot.messages import Chart, Outbound
from bot.spc.drawing import chart_message
from bot.spc.drawing.spec import ChartSpec
from bot.stores.tables.core import Measure, Team

DAYS = 90  # the window shown by default; the limits always rest on the whole history
MOST_DAYS = 730
USAGE = "Use `/huddle chart <measure> [days]`, e.g. `/huddle chart falls 60`."


def tested_ideas(session: Session, measure: Measure) -> list[tuple[date, str]]:
    """Where tests of change on this measure started."""
    return test_starts(session, measure.team_id, measure.key)


def pick_measure(team: Team, measures: list[Measure], typed: str) -> Measure | str:
    """The measure a person named (by key or name), or a sentence saying why there is none."""
    found = find(typed, measures)
    if len(found) == 1:
        return found[0]
    if found:
        return f"Which one: {listing(found)}?"
    return f"{team.name} has no measure called “{typed}”. Its measures: {listing(measures)}."


def _team_and_rest(ctx: Context, words: list[str]) -> tuple[Team | str, list[str]]:
    """A leading team key (`ed handover`) picks the team; otherwise this conversation's team."""
    if len(words) > 1:
        named = team_named(ctx.session, ctx.trust.id, words[0])
        if named is not None:
            return named, words[1:]
    return which_team(ctx), words


def chart_spec(
    session: Session,
    team: Team,
    measure: Measure,
    analysis: MeasureAnalysis,
    ideas: list[tuple[date, str]] | None = None,
) -> ChartSpec:
    """The image of one analysis: its window, with change points and tested ideas (`ideas`
    when the caller has them already) marked."""
    drawing = analysis.drawing(measure_spec(measure))
    shown = drawing.days
    markers = [(d, f"Rebased: {reason}") for d, reason in analysis.history.rebases]
    taken = {d for d, _ in markers}
    tested = tested_ideas(session, measure) if ideas is None else ideas
    markers += [(d, label) for d, label in tested if d not in taken]
    markers = [(d, label) for d, label in markers if shown and shown[0] <= d <= shown[-1]]
    return ChartSpec(
        title=f"{measure.name} — {team.name}",
        kind=drawing.chart,
        dates=shown,
        values=drawing.values,
        unit=analysis.unit,
        target=measure.target,
        improvement_direction=analysis.direction,
        markers=tuple(sorted(markers)),
        drawing=drawing,
    )


def comment_of(analysis: MeasureAnalysis) -> str:
    """Under the chart: why a run chart, a long gap, days since the last event."""
    lines = [analysis.judged.reason] if analysis.chart == "run" else []
    return "\n".join([*lines, *analysis.notes()])


def measure_chart(
    session: Session, team: Team, measure: Measure, today: date, days: int = DAYS
) -> Chart | None:
    """The chart message for one measure (the last `days` days shown, limits from all of its
    history), with its comment; None when nothing is recorded."""
    return chart_of(session, team, measure, window(session, team, measure, today, days))


def window(
    session: Session, team: Team, measure: Measure, today: date, days: int = DAYS
) -> MeasureAnalysis:
    """The analysis a chart of the last `days` days shows (its limits from all the history)."""
    return analyse(session, team, measure, today, shown_from=today - timedelta(days=days - 1))


def chart_of(
    session: Session, team: Team, measure: Measure, analysis: MeasureAnalysis
) -> Chart | None:
    """The chart message of an analysis, with its comment; None when nothing is recorded."""
    if analysis.chart == "none":
        return None
    spec = chart_spec(session, team, measure, analysis)
    return chart_message(spec, comment=comment_of(analysis))


def chart(ctx: Context, args: str) -> list[Outbound]:
    words = args.split()
    days = DAYS
    if words and words[-1].isdigit():
        days = int(words.pop())
        if not 7 <= days <= MOST_DAYS:
            return [ctx.tell(f"Choose between 7 and {MOST_DAYS} days. {USAGE}")]
    team, words = _team_and_rest(ctx, words)
    if isinstance(team, str):
        return [ctx.tell(f"{team} Or name the team first: `/huddle chart <team> <measure>`.")]
    if not may_see(ctx, team):
        return ctx.refuse(
            "huddle.chart", f"team:{team.id}", f"Only {team.name}'s team can see its charts."
        )
    measures = team_measures(ctx.session, team)
    if not words:
        return [ctx.tell(f"Which measure? {team.name} has {listing(measures)}. {USAGE}")]
    measure = pick_measure(team, measures, " ".join(words))
    if isinstance(measure, str):
        return [ctx.tell(measure)]
    today = ctx.local_now(team).date()
    message = measure_chart(ctx.session, team, measure, today, days)
    if message is None and measure.anonymous:
        return [ctx.tell(f"No day of {measure.name} can be shown yet: {WHEN_SHOWN}.")]
    if message is None:
        return [ctx.tell(f"Nothing has been recorded for {measure.name} yet.")]
    elsewhere = ctx.team is None or ctx.team.id != team.id  # another team's data stays private
    return [ctx.show(message, private=elsewhere)]
