"""`/huddle link <key> [move]`: a conversation belongs to one team, division or trust place.

Linking a conversation another owner already has is refused, naming that owner; a trust admin
may move it with `/huddle link <key> move`, and the leads of both teams are told."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot import platforms
from bot.addresses import addresses_of, link, owner_of
from bot.context import Context
from bot.messages import Outbound, Post, Text
from bot.people import team_leads
from bot.stores.tables.core import Division, Team, Trust


def describe(ctx: Context, kind: str, owner_id: int) -> str:
    """Whose this conversation is, in words: `Ward 7's huddle channel`."""
    if kind == "team":
        team = ctx.session.get(Team, owner_id)
        return f"{team.name}'s huddle channel" if team else "another team's channel"
    if kind == "division":
        division = ctx.session.get(Division, owner_id)
        return f"the {division.name} division's channel" if division else "a division's channel"
    if kind == "trust":
        return "the trust's channel"
    if kind == "wins":
        return "the trust's wins channel"
    return "a private conversation"


def link_command(ctx: Context, args: str) -> list[Outbound] | str:
    """`/huddle link ward-7`, `/huddle link medicine` or, for a trust admin, `… move`."""
    words = args.strip().lower().split()
    if not words or len(words) > 2 or (len(words) == 2 and words[1] != "move"):
        return (
            "Which team? Use `/huddle link <team key>`, for example `/huddle link ward-7` "
            "(a trust admin moves a channel from another team with `/huddle link ward-7 move`)."
        )
    key, move = words[0], len(words) == 2
    trust = ctx.trust.id
    team = ctx.session.scalar(
        select(Team).where(Team.trust_id == trust, Team.key == key, Team.retired_at.is_(None))
    )
    if team is not None:
        allowed = ctx.actor.leads(team)
        return _link(ctx, "team", team.id, key, team.name, allowed, move)
    division = ctx.session.scalar(
        select(Division).where(Division.trust_id == trust, Division.key == key)
    )
    if division is not None:
        allowed = ctx.actor.trust_admin or ctx.actor.division_lead(division.id)
        return _link(ctx, "division", division.id, key, division.name, allowed, move)
    if key == "trust":
        allowed = ctx.actor.trust_admin
        return _link(ctx, "trust", trust, key, ctx.trust.name, allowed, move)
    keys = ", ".join(
        ctx.session.scalars(
            select(Team.key)
            .where(Team.trust_id == trust, Team.tier == "team", Team.retired_at.is_(None))
            .order_by(Team.key)
        )
    )
    return f"I don't know a team called '{key}'. Teams: {keys}."


def _link(
    ctx: Context, kind: str, owner_id: int, key: str, name: str, allowed: bool, move: bool
) -> list[Outbound]:
    assert ctx.event is not None
    subject = f"{kind}:{owner_id}"
    if not allowed:
        who = {"team": f"{name}'s team lead or a trust admin", "trust": "a trust admin"}.get(
            kind, f"{name}'s division lead or a trust admin"
        )
        place = {"team": "a channel", "trust": "the trust's channel"}.get(
            kind, "a division's channel"
        )
        return ctx.refuse("link", subject, f"Only {who} can link {place}.")
    owner = owner_of(ctx.session, ctx.event.origin)
    if owner == (kind, owner_id):
        return [ctx.tell(f"This conversation is already {describe(ctx, kind, owner_id)}.")]
    if owner is not None and owner[0] == "person":
        return ctx.refuse(
            "link", subject, "This is a private conversation: link a channel the team shares."
        )
    if owner is not None and not move:
        return ctx.refuse(
            "link",
            subject,
            f"This conversation is already {describe(ctx, *owner)}, so I have not linked it "
            f"to {name}. Only a trust admin can move it, with `/huddle link {key} move`.",
        )
    if owner is not None and not ctx.actor.trust_admin:
        return ctx.refuse(
            "link.move",
            subject,
            f"This conversation is {describe(ctx, *owner)}. Only a trust admin can move it "
            f"to {name}.",
        )
    before = describe(ctx, *owner) if owner else ""
    link(ctx.session, ctx.event.origin, kind, owner_id, ctx.now)
    if owner is None:
        ctx.audit("link", subject)
        return [ctx.say(_linked(kind, name))]
    _forget_declared(ctx, *owner)
    ctx.audit("link.move", subject)
    told = _tell_leads(ctx, owner, (kind, owner_id), f"{before}", name)
    return [ctx.say(f"Moved: this conversation was {before}. " + _linked(kind, name)), *told]


def _linked(kind: str, name: str) -> str:
    if kind == "team":
        return (
            f"This conversation is now {name}'s huddle channel. "
            "Prompts, charts and reminders for the team will come here."
        )
    if kind == "trust":
        return (
            f"This conversation is now {name}'s channel: the trust huddle, and escalations "
            "from the divisions, will come here."
        )
    return (
        f"This conversation is now the {name} division's channel: "
        "escalations from its teams, and its tier-2 huddle, will come here."
    )


def _forget_declared(ctx: Context, kind: str, owner_id: int) -> None:
    """The old owner's configuration no longer names this channel (so export stays true)."""
    assert ctx.event is not None
    words = platforms.words_for(ctx.event.origin.platform)
    field = words.channel_key if words else None
    row: Team | Trust | Division | None = None
    if field and kind == "team":
        row = ctx.session.get(Team, owner_id)
    elif field and kind == "trust":
        row = ctx.session.get(Trust, owner_id)
    elif field and kind == "division":
        row = ctx.session.get(Division, owner_id)
    if row is None or field is None:
        return
    settings = json.loads(row.settings_json or "{}")
    if str(settings.get(field, "")) == ctx.event.origin.conversation:
        del settings[field]
        row.settings_json = json.dumps(settings, sort_keys=True, default=str)


def _tell_leads(
    ctx: Context, old: tuple[str, int], new: tuple[str, int], before: str, name: str
) -> list[Post]:
    """A private word to the leads of the team that lost the channel and of the one that got it."""
    assert ctx.event is not None
    where = ctx.event.origin.conversation
    by = ctx.person.name if ctx.person else "a trust admin"
    posts: list[Post] = []
    for kind, owner_id in (old, new):
        team = ctx.session.get(Team, owner_id) if kind == "team" else None
        if team is None:
            continue
        lost = (kind, owner_id) == old
        text = f"{by} moved the conversation {where}, which was {before}, to {name}. " + (
            f"{team.name} has no huddle channel there any more: please link another one "
            f"with `/huddle link {team.key}`."
            if lost
            else f"{team.name}'s prompts, charts and reminders will now come there too."
        )
        for lead in team_leads(ctx.session, team):
            if ctx.person is not None and lead.id == ctx.person.id:
                continue
            places = addresses_of(ctx.session, "person", lead.id)
            same = [a for a in places if a.platform == ctx.platform] or places
            posts += [Post(a, Text(text, "Huddle channel moved")) for a in same]
    return posts
