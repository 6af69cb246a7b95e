"""`/huddle none`: the huddle happened with nothing to record (the huddle log counts it)."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.huddle.access import day_refused, may_record, which_team
from bot.huddle.days import split_day, written
from bot.huddle.form import _target
from bot.huddle.huddle_log import held
from bot.messages import Outbound
from bot.stores.tables.core import Team


def nothing_to_record(ctx: Context, team: Team, day: date) -> list[Outbound]:
    refused = may_record(ctx, team, "huddle.none") or day_refused(ctx, team, day)
    if refused:
        return refused
    held(ctx.session, team, day, ctx.now, nothing=True)
    ctx.audit("huddle.none", f"team:{team.id}")
    return [ctx.say(f"Huddle held for {team.name}, {written(day)}: nothing to record. Thank you.")]


def command(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle none` or `/huddle none yesterday`."""
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    today = ctx.local_now(team).date()
    day, _ = split_day(args, today)
    return nothing_to_record(ctx, team, day or today)


def pressed(ctx: Context, value: str) -> list[Outbound]:
    """The prompt's "Nothing to record" button; its value is `team key|day`."""
    found = _target(ctx, value)
    if isinstance(found, str):
        return [ctx.tell(found)]
    return nothing_to_record(ctx, *found)
