"""`/huddle chart <measure> [days]`: one measure's chart, posted in the conversation."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.charts import chart_message
from bot.context import Context
from bot.huddle.access import which_team
from bot.huddle.kinds import kind_of
from bot.huddle.measures import find, listing, team_measures
from bot.huddle_charts.access import may_see, team_named
from bot.huddle_charts.series import DAYS, ENOUGH_FOR_LIMITS, History, chart_spec, history
from bot.messages import Chart, Outbound
from bot.spc import days_since_last
from bot.stores.tables.core import Measure, Team

MOST_DAYS = 730
USAGE = "Use `/huddle chart <measure> [days]`, e.g. `/huddle chart falls 60`."


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


def since_last_line(measure: Measure, past: History, today: date) -> str | None:
    """`12 days since the last fall` for a count where lower is better; None otherwise."""
    if not kind_of(measure).rare_events or measure.direction != "down" or not past.dates:
        return None
    thing = measure.name.lower().rstrip("s")
    days = days_since_last(past.dates, past.values, today)
    if days is None:
        return f"No {measure.name.lower()} in the last {(today - past.dates[0]).days + 1} days."
    return f"{days} day{'' if days == 1 else 's'} since the last {thing}."


def measure_chart(
    session: Session, team: Team, measure: Measure, today: date, days: int = DAYS
) -> Chart | None:
    """The chart message for one measure, with its comment; None when nothing is recorded."""
    past = history(session, measure, today, days)
    if not past.dates:
        return None
    notes = []
    if not past.enough_for_limits:
        notes.append(
            f"Only {len(past.dates)} value{'' if len(past.dates) == 1 else 's'} so far, so this "
            f"is a run chart: control limits come once there are {ENOUGH_FOR_LIMITS}."
        )
    since = since_last_line(measure, past, today)
    if since:
        notes.append(since)
    spec = chart_spec(session, measure, past, title=f"{measure.name} — {team.name}")
    return chart_message(spec, comment="\n".join(notes))


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
    if message is None:
        return [ctx.tell(f"Nothing has been recorded for {measure.name} in the last {days} days.")]
    elsewhere = ctx.team is None or ctx.team.id != team.id  # another team's data stays private
    return [ctx.show(message, private=elsewhere)]
