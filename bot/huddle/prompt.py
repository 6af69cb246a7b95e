"""The scheduled prompt at each huddle slot, and the one reminder when nothing was recorded."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, timedelta

from bot.addresses import places_or_nowhere, team_addresses
from bot.context import Context
from bot.feeds.shown import from_where
from bot.huddle.days import written
from bot.huddle.escalate import keyed
from bot.huddle.form import context_for
from bot.huddle.huddle_log import recorded_since
from bot.huddle.kinds import kind_of
from bot.huddle.measures import answered_measures, label
from bot.huddle.values import accepted, shown, typed_of
from bot.messages import About, Button, Post, Text
from bot.schedule import Due
from bot.stores.tables.core import Measure, Team

log = logging.getLogger(__name__)
PROMPT_KEYS = ("huddle.prompt", "huddle.nudge")


def _line(ctx: Context, team: Team, day: date, measure: Measure) -> str:
    extra = ", anonymous: answer it privately with Record" if measure.anonymous else ""
    fed = None if measure.anonymous else ctx.readings.current(measure, day)
    if fed is not None and fed.feed:
        where = from_where(fed, ctx.local_now(team).tzinfo or UTC)
        extra += f" · {shown(measure, typed_of(fed))} ({where}): confirm or correct it"
    return f"• {measure.name} ({label(measure)}): {accepted(measure)}{extra}"


def _team(ctx: Context, due: Due) -> Team | None:
    team = ctx.team or (ctx.session.get(Team, due.team_id) if due.team_id else None)
    if team is None:
        log.warning("huddle item %s has no team", due.key)
    return team


def compose_prompt(ctx: Context, due: Due) -> list[Post]:
    """Today's measures and a button opening the form, in every channel the team has."""
    team = _team(ctx, due)
    if team is None:
        return []
    measures = answered_measures(ctx.session, team)
    example = ", ".join(f"{label(m)} {kind_of(m).example}" for m in measures[:2])
    text = "\n".join(
        [
            *(_line(ctx, team, due.local_date, m) for m in measures),
            f"Reply here with e.g. `{example}`, press Record, "
            "or `/huddle none` if there is nothing to record.",
        ]
    )
    context = context_for(team, due.local_date)
    message = Text(
        text,
        heading=f"{team.name} huddle, {written(due.local_date)} {due.slot}",
        buttons=(
            Button("Record", "open:huddle", context, "primary"),
            Button("Nothing to record", "huddle.none", context),
        ),
    )
    places = places_or_nowhere(ctx.reachable(team_addresses(ctx.session, team)), team, "prompt")
    about = About("huddle.prompt", team.id, due.local_date)
    return keyed("huddle.prompt", f"{team.key}:{due.local_date}:{due.slot}", places, message, about)


def _nudge_minutes(team: Team) -> int:
    try:
        return int(json.loads(team.settings_json or "{}").get("nudge_after_minutes", 30))
    except (ValueError, TypeError, AttributeError):
        return 30


def compose_nudge(ctx: Context, due: Due) -> list[Post]:
    """One reminder if nothing was recorded since the prompt; otherwise nothing."""
    team = _team(ctx, due)
    if team is None:
        return []
    prompted_at = due.due_at - timedelta(minutes=_nudge_minutes(team))
    if recorded_since(ctx.session, team, due.local_date, prompted_at):
        return []
    context = context_for(team, due.local_date)
    message = Text(
        f"Reminder: nothing has been recorded yet for {team.name}'s {due.slot} huddle. "
        "Reply here with today's measures, press Record, or `/huddle none` if there is "
        "nothing to record.",
        buttons=(
            Button("Record", "open:huddle", context, "primary"),
            Button("Nothing to record", "huddle.none", context),
        ),
    )
    return keyed(
        "huddle.nudge",
        f"{team.key}:{due.local_date}:{due.slot}",
        places_or_nowhere(team_addresses(ctx.session, team), team, "reminder"),
        message,
        About("huddle.nudge", team.id, due.local_date),
    )
