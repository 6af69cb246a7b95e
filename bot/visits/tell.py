"""Where visit news goes (a leader privately, a team's channels), the permission check, and the
guard on free text (notes, reasons)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.addresses import addresses_of, team_for
from bot.context import Context
from bot.guard import check_text, clean_control
from bot.messages import Address, Message, Outbound, Post, Text
from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit
from bot.visits.store import names


def reach(ctx: Context, kind: str, owner_id: int) -> list[Address]:
    """The owner's addresses on this event's platform if there are any, otherwise all of them."""
    found = addresses_of(ctx.session, kind, owner_id)
    same = [a for a in found if a.platform == ctx.platform]
    return same or found


def to_person(ctx: Context, person_id: int | None, text: str, heading: str = "") -> list[Post]:
    """A private word to someone, unless they are the one who just acted (they see the reply)."""
    if person_id is None or (ctx.person is not None and ctx.person.id == person_id):
        return []
    return [Post(a, Text(text, heading)) for a in reach(ctx, "person", person_id)]


def to_team(ctx: Context, team: Team, message: Message, key: str = "") -> list[Post]:
    """Said in this conversation if it is the team's, otherwise in the team's channels."""
    if ctx.event is not None and team_for(ctx.session, ctx.event.origin) == team:
        return [ctx.show(message, key=key)]
    places = reach(ctx, "team", team.id)
    return [Post(a, message, key=f"{key}|{i}" if key else "") for i, a in enumerate(places)]


def is_on_visit(ctx: Context, visit: Visit) -> bool:
    return ctx.person is not None and ctx.person.name in names(visit)


def may_change(ctx: Context, visit: Visit) -> bool:
    """Only a leader on the visit, or a trust admin, may decline, swap or write its notes."""
    return is_on_visit(ctx, visit) or ctx.actor.trust_admin


def cleaned(text: str) -> str:
    return clean_control(text).strip()


def refused(ctx: Context, text: str, what: str) -> list[Outbound] | None:
    """A private refusal when the text holds patient details or is too long; None when fine."""
    refusal = check_text(text, ctx.trust.hospital_number_pattern, today=ctx.now.date())
    if refusal is None:
        return None
    ctx.audit(f"visit.{what}.text", "", "refused")
    return [ctx.tell(f"Your {what} was not saved. {refusal.reason}")]


def team_already_told(ctx: Context, visit: Visit, team: Team) -> bool:
    """Whether the team's notice (two days before, 09:00 local) has gone out for `visit`."""
    from datetime import time, timedelta

    notice = datetime.combine(visit.day - timedelta(days=2), time(9), ZoneInfo(team.timezone))
    return ctx.now >= notice


def update_team(ctx: Context, visit: Visit, team: Team, text: str) -> list[Post]:
    """Tell the team of a change, once they have heard the visit is coming."""
    if not team_already_told(ctx, visit, team):
        return []
    return to_team(ctx, team, Text(text, "A change to a leadership visit"))
