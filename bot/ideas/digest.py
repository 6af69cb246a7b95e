"""The weekly ideas digest for each division: new ideas, tests under way, and wins.

The scheduler's weekly items are per team, so each division's digest is a one-off timer
(`ideas.digest`, slot `div:<id>`) that sets the next week's timer when it fires.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.addresses import division_addresses, team_addresses
from bot.context import Context
from bot.ideas.store import Ideas
from bot.ideas.words import short
from bot.messages import Address, Post, Text
from bot.schedule import Due
from bot.schedule.timers import set_timer
from bot.stores.tables.core import Division, Trust
from bot.stores.tables.ideas import Idea

KIND = "ideas.digest"
WEEKDAY = 0  # Monday
AT = time(10, 0)


def next_digest_day(today: date) -> date:
    """The next Monday strictly after `today`."""
    return today + timedelta(days=(WEEKDAY - today.weekday() - 1) % 7 + 1)


def keep_digest_going(ideas: Ideas, trust: Trust, now: datetime) -> None:
    """Make sure every division has its next digest timer (idempotent)."""
    zone = ZoneInfo(trust.timezone or "Europe/London")
    day = next_digest_day(now.astimezone(zone).date())
    due_at = datetime.combine(day, AT, tzinfo=zone).astimezone(UTC)
    for division in ideas.divisions(trust.id):
        set_timer(
            ideas.session,
            KIND,
            due_at,
            local_date=day,
            slot=f"div:{division.id}",
            ref=f"division:{division.key}",
            now=now,
        )


def _division(ctx: Context, due: Due) -> Division | None:
    if due.slot.startswith("div:") and due.slot[4:].isdigit():
        return ctx.ideas.division(int(due.slot[4:]))
    team = ctx.ideas.team(due.team_id)
    return ctx.ideas.division(team.division_id) if team else None


def digest_text(store: Ideas, division: Division, since: datetime) -> str | None:
    """The digest's lines, or None in a week with nothing to tell."""
    teams = {t.id: t.name for t in store.division_teams(division)}
    ideas = store.in_order(team_ids=list(teams))
    adopted = store.adopted_between(since, strictly_after=True)
    new = [i for i in ideas if i.created_at > since]
    testing = [i for i in ideas if i.status == "testing"]
    wins = [i for i in ideas if i.id in adopted and i.status == "adopted"]
    if not (new or testing or wins):
        return None

    def line(i: Idea) -> str:
        return f"  #{i.number} {teams[i.team_id]}: {short(i.text, 100)}"

    parts = []
    for title, found in (("New ideas", new), ("Tests under way", testing), ("Wins", wins)):
        parts.append(f"{title} ({len(found)}):")
        parts += [line(i) for i in found] or ["  none this week"]
    return "\n".join(parts)


def compose_digest(ctx: Context, due: Due) -> list[Post]:
    keep_digest_going(ctx.ideas, ctx.trust, ctx.now)
    division = _division(ctx, due)
    if division is None:
        return []
    text = digest_text(ctx.ideas, division, due.due_at - timedelta(days=7))
    if text is None:
        return []
    heading = f"{division.name}: ideas this week"
    return [Post(a, Text(text, heading)) for a in where_to(ctx.ideas, division)]


def where_to(ideas: Ideas, division: Division) -> list[Address]:
    """The division's channel on each platform; where it has none there, its teams' channels
    (so the digest reaches someone rather than nobody)."""
    own = division_addresses(ideas.session, division)
    teams = ideas.division_teams(division, tier="team")
    theirs = [a for t in teams for a in team_addresses(ideas.session, t)]
    covered = {a.platform for a in own}
    return own + [a for a in theirs if a.platform not in covered]
