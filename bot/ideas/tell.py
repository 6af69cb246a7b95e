"""Where idea news goes (the team, the author, the owner, the wins channel), and the text guard."""

from __future__ import annotations

from bot.addresses import addresses_of, team_for
from bot.context import Context
from bot.guard import check_text, clean_control
from bot.messages import About, Address, Message, Outbound, Post, Text
from bot.stores.tables.core import Team
from bot.stores.tables.ideas import Idea


def reach(ctx: Context, kind: str, owner_id: int) -> list[Address]:
    """The owner's addresses on this event's platform if there are any, otherwise all of them."""
    found = addresses_of(ctx.session, kind, owner_id)
    same = [a for a in found if a.platform == ctx.platform]
    return same or found


def to_team(
    ctx: Context, team: Team, message: Message, key: str = "", about: About | None = None
) -> list[Post]:
    """Said in this conversation if it is the team's, otherwise in the team's channels."""
    if ctx.event is not None and team_for(ctx.session, ctx.event.origin) == team:
        o = ctx.event.origin  # the channel itself, even when asked in a thread
        return [
            Post(
                Address(o.platform, o.workspace, o.conversation, reference=o.reference),
                message,
                key=key,
                about=about,
            )
        ]
    places = reach(ctx, "team", team.id)
    return [
        Post(a, message, key=f"{key}|{i}" if key else "", about=about) for i, a in enumerate(places)
    ]


def to_person(ctx: Context, person_id: int | None, text: str) -> list[Post]:
    """A private word to someone, unless they are the one who just acted (they see the reply)."""
    if person_id is None or (ctx.person is not None and ctx.person.id == person_id):
        return []
    return [Post(a, Text(text)) for a in reach(ctx, "person", person_id)]


def tell_author(ctx: Context, idea: Idea, text: str) -> list[Post]:
    return to_person(ctx, idea.author_id, text)


def checked(text: str) -> str:
    return clean_control(text).strip()


def refused(ctx: Context, text: str, what: str = "idea") -> list[Outbound] | None:
    """A private refusal when the text holds patient details or is too long; None when fine."""
    refusal = check_text(text, ctx.trust.hospital_number_pattern, today=ctx.now.date())
    if refusal is None:
        return None
    ctx.audit(f"{what}.text", "", "refused")
    return [ctx.tell(f"Your {what} was not posted. {refusal.reason}")]
