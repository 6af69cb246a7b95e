"""`/huddle history falls [yesterday]`: a day's value and every correction, who and when."""

from __future__ import annotations

from bot.context import Context
from bot.feeds.shown import named
from bot.huddle.access import which_team
from bot.huddle.days import split_day, written
from bot.huddle.measures import find, label, listing, team_measures
from bot.huddle.readings import day_history as readings_of
from bot.huddle.values import shown, typed_of
from bot.messages import Outbound
from bot.stores.tables.core import Person


def history(ctx: Context, args: str) -> list[Outbound]:
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    today = ctx.local_now(team).date()
    words = args.split()
    day_words = [w for w in words if split_day(w, today)[0]]
    day = split_day(day_words[-1], today)[0] if day_words else today
    name = " ".join(w for w in words if w not in day_words)
    measures = team_measures(ctx.session, team)
    found = find(name, measures) if name else []
    if len(found) != 1:
        return [ctx.tell(f"Which measure? {team.name}'s measures: {listing(measures)}.")]
    measure = found[0]
    if measure.anonymous:
        return [ctx.tell(f"{label(measure)} is anonymous: there is no history per person.")]
    rows = readings_of(ctx.session, measure, day or today)
    if not rows:
        return [ctx.tell(f"Nothing recorded for {label(measure)} on {written(day or today)}.")]
    lines = [f"{measure.name}, {written(day or today)}:"]
    zone = ctx.local_now(team).tzinfo
    for row in rows:
        who = ctx.session.get(Person, row.person_id) if row.person_id else None
        when = row.recorded_at.astimezone(zone)
        state = "current" if row.superseded_at is None else "replaced"
        by = who.name if who else f"from {named(row.feed)}" if row.feed else row.source
        lines.append(
            f"  {shown(measure, typed_of(row))} — {by}, "
            f"{written(when.date())} {when:%H:%M} ({state})"
        )
    return [ctx.tell("\n".join(lines))]
