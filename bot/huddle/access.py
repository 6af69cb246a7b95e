"""Who may do what in the huddle: record, change measures, see and answer escalations."""

from __future__ import annotations

from datetime import date

from bot.addresses import owner_of
from bot.context import Context
from bot.help import whom_to_ask
from bot.huddle.days import too_far
from bot.huddle.teams import team_ids_in
from bot.messages import Outbound
from bot.stores.tables.core import Team
from bot.stores.tables.huddle import Escalation

OVERSIGHT = ("senior_leader", "trust_admin", "improvement_lead")


def which_team(ctx: Context) -> Team | str:
    """The team this conversation is for, or a sentence saying why there is none."""
    if ctx.team is not None:
        return ctx.team
    mine = ctx.my_teams()
    if not mine:
        return "Which team? Use this in your team's huddle channel."
    keys = ", ".join(t.key for t in mine)
    return f"Which team? You are in {keys}: use this in that team's huddle channel."


def may_record(ctx: Context, team: Team, action: str = "huddle.record") -> list[Outbound] | None:
    """None when the person may record for `team`, else the refusal (audited)."""
    if ctx.actor.member_of(team):
        return None
    if ctx.person is None:
        ctx.audit(action, f"team:{team.id}", "denied")
        return [ctx.tell(whom_to_ask(ctx))]
    return ctx.refuse(
        action,
        f"team:{team.id}",
        f"Only members of {team.name} can record its huddle. Nothing was saved. "
        f"If you work on {team.name}, ask its team lead to add you.",
    )


def day_refused(ctx: Context, team: Team, day: date) -> list[Outbound] | None:
    """None when `day` may be recorded for; else the reply (audited: the 7-day limit is a
    permission, team leads may go further back)."""
    why = too_far(day, ctx.local_now(team).date(), is_lead(ctx, team))
    return ctx.refuse("huddle.day", f"team:{team.id}", why) if why else None


def is_lead(ctx: Context, team: Team) -> bool:
    return ctx.actor.leads(team)


def oversees(ctx: Context) -> bool:
    """Senior leaders, trust admins and improvement leads see every team's escalations."""
    return ctx.actor.has_any(*OVERSIGHT)


def division_here(ctx: Context) -> int | None:
    """The division whose channel this is, if it is one."""
    if ctx.event is None:
        return None
    owner = owner_of(ctx.session, ctx.event.origin)
    return owner[1] if owner and owner[0] == "division" else None


def visible_team_ids(ctx: Context) -> set[int] | None:
    """The teams whose escalations this person may see here; None means every team."""
    division = division_here(ctx)
    if division is not None:
        return team_ids_in(ctx.session, [division])
    if oversees(ctx):
        return None
    theirs = team_ids_in(ctx.session, ctx.actor.division_ids)
    return set(ctx.actor.team_ids) | theirs


def may_answer(ctx: Context, item: Escalation, action: str = "huddle.resolve") -> str | None:
    """Why this person may not acknowledge, resolve or send on `item` here, or None when they
    may. Senior leaders and trust admins answer at every tier; while an item is with its
    division, that division's leads answer it and its members may acknowledge it."""
    division = division_here(ctx)
    if division is not None and division != item.division_id:
        return "That escalation is for another division: this channel sees its own teams only."
    if ctx.actor.has_any("senior_leader", "trust_admin"):
        return None
    if item.tier == "division":
        if ctx.actor.division_lead(item.division_id):
            return None
        if action == "huddle.ack" and ctx.actor.in_division(item.division_id):
            return None
        if action == "huddle.ack":
            return "Only the division's leads and members (or a senior leader) can do that."
        return "Only the division's leads (or a senior leader or trust admin) can do that."
    return "It is with the trust now: only senior leaders (or a trust admin) can do that."
