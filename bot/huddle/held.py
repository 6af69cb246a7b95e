"""`/huddle none`: the huddle happened with nothing to record (the huddle log counts it)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.huddle.access import day_refused, may_record, which_team
from bot.huddle.days import split_day, written
from bot.huddle.form import _target
from bot.huddle.record import held
from bot.messages import Outbound
from bot.stores.tables.core import Team
from bot.stores.tables.huddle import HuddleLog


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


def held_series(session: Session, team: Team, first: date, last: date) -> dict[date, bool]:
    """Whether the huddle happened on each day from `first` to `last`: the "huddles held"
    measure, for charts."""
    rows = session.scalars(
        select(HuddleLog.day).where(
            HuddleLog.team_id == team.id,
            HuddleLog.held.is_(True),
            HuddleLog.day >= first,
            HuddleLog.day <= last,
        )
    )
    held_on = set(rows)
    days = (last - first).days + 1
    return {first + timedelta(days=i): first + timedelta(days=i) in held_on for i in range(days)}


def held_days(session: Session, team: Team, today: date, days: int = 7) -> int:
    """How many of the last `days` days (today included) the team's huddle happened."""
    return int(
        session.scalar(
            select(func.count()).where(
                HuddleLog.team_id == team.id,
                HuddleLog.held.is_(True),
                HuddleLog.day > today - timedelta(days=days),
                HuddleLog.day <= today,
            )
        )
        or 0
    )
