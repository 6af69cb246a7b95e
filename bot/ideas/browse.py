"""Browsing ideas: `/idea list [status] [team]`, `/idea show 12`, `/idea mine`."""

from __future__ import annotations

from typing import Any

from bot.context import Context
from bot.ideas.post import or_post
from bot.ideas.store import STATUSES
from bot.ideas.words import STATUS_WORDS, card, list_line, number_in
from bot.messages import Outbound
from bot.stores.tables.core import Team

LIMIT = 30


def _listing(ctx: Context, heading: str, **which: Any) -> list[Outbound]:
    """The newest ideas matching `which` (status, team_id, person_id), with support counts."""
    ideas = ctx.ideas.where(ctx.trust.id, limit=LIMIT, **which)
    if not ideas:
        return [ctx.tell(f"{heading}: none yet. Post one with `/idea <your idea>`.")]
    counts = ctx.ideas.support_counts(ideas)
    lines = [list_line(ctx.ideas, i, counts.get(i.id, 0)) for i in ideas]
    total = ctx.ideas.count_where(ctx.trust.id, **which) if len(ideas) == LIMIT else len(ideas)
    if total > LIMIT:
        lines.append(f"… and {total - LIMIT} more (narrow it down by status or team).")
    lines.append("See one with `/idea show 12`.")
    return [ctx.tell("\n".join(lines), heading=heading)]


def list_ideas(ctx: Context, args: str) -> list[Outbound] | str:
    """Filters in any order: a status and/or a team key (`all` for every team)."""
    status, team, everywhere = None, ctx.team, False
    for word in args.lower().replace("-", "_").split():
        found = ctx.ideas.team_keyed(ctx.trust.id, word.replace("_", "-"))
        if word in STATUSES or word == "not_adopted":
            status = word
        elif word in ("all", "trust", "everywhere"):
            everywhere = True
        elif found is not None:
            team = found
        else:
            return or_post(
                ctx,
                args,
                f"I don't know '{word}': use a status ({', '.join(STATUSES)}) and/or a team key.",
            )
    team = None if everywhere else team
    where = team.name if team else "the trust"
    what = f"{STATUS_WORDS[status]} ideas" if status else "Ideas"
    heading = f"{what[0].upper()}{what[1:]} in {where}"
    return _listing(ctx, heading, status=status, team_id=team.id if team else None)


def show_idea(ctx: Context, args: str) -> list[Outbound] | str:
    number = number_in(args)
    if number is None:
        return or_post(ctx, args, "Which idea? Use `/idea show 12`.")
    idea = ctx.ideas.find(ctx.trust.id, number)
    if idea is None:
        return f"There is no idea #{number}."
    return [ctx.tell(card(ctx.ideas, idea), heading=f"Idea #{idea.number}")]


def my_ideas(ctx: Context, args: str) -> list[Outbound] | str:
    if args.strip():
        return or_post(ctx, args, "`/idea mine` lists the ideas you posted or own.")
    me = ctx.person.id if ctx.person else -1
    return _listing(ctx, "Your ideas (posted or owned)", person_id=me)


def being_tested(ctx: Context, team: Team) -> list[str]:
    """The team's ideas being tested, for its huddle board (a hook in the route table)."""
    testing = ctx.ideas.where(ctx.trust.id, status="testing", team_id=team.id)
    return [f"#{i.number} {i.text}" for i in testing]
