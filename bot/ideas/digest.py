"""The weekly ideas digest for each division: new ideas, tests under way, and wins.

The scheduler's weekly items are per team, so each division's digest is a one-off timer
(`ideas.digest`, slot `div:<id>`) that sets the next week's timer when it fires.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.addresses import division_addresses, team_addresses
from bot.context import Context
from bot.ideas.words import short
from bot.messages import Address, Post, Text
from bot.schedule import Due
from bot.schedule.timers import set_timer
from bot.stores.tables.core import Division, Team, Trust
from bot.stores.tables.ideas import Idea, IdeaChange

KIND = "ideas.digest"
WEEKDAY = 0  # Monday
AT = time(10, 0)


def next_digest_day(today: date) -> date:
    """The next Monday strictly after `today`."""
    return today + timedelta(days=(WEEKDAY - today.weekday() - 1) % 7 + 1)


def keep_digest_going(session: Session, trust: Trust, now: datetime) -> None:
    """Make sure every division has its next digest timer (idempotent)."""
    zone = ZoneInfo(trust.timezone or "Europe/London")
    day = next_digest_day(now.astimezone(zone).date())
    due_at = datetime.combine(day, AT, tzinfo=zone).astimezone(UTC)
    for division in session.scalars(select(Division).where(Division.trust_id == trust.id)):
        set_timer(
            session,
            KIND,
            due_at,
            local_date=day,
            slot=f"div:{division.id}",
            ref=f"division:{division.key}",
            now=now,
        )


def _division(ctx: Context, due: Due) -> Division | None:
    if due.slot.startswith("div:") and due.slot[4:].isdigit():
        return ctx.session.get(Division, int(due.slot[4:]))
    team = ctx.session.get(Team, due.team_id) if due.team_id else None
    return ctx.session.get(Division, team.division_id) if team else None


def digest_text(session: Session, division: Division, since: datetime) -> str | None:
    """The digest's lines, or None in a week with nothing to tell."""
    teams = {
        t.id: t.name for t in session.scalars(select(Team).where(Team.division_id == division.id))
    }
    ideas = list(session.scalars(select(Idea).where(Idea.team_id.in_(teams)).order_by(Idea.number)))
    adopted = set(
        session.scalars(
            select(IdeaChange.idea_id).where(
                IdeaChange.to_status == "adopted", IdeaChange.at > since
            )
        )
    )
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
    keep_digest_going(ctx.session, ctx.trust, ctx.now)
    division = _division(ctx, due)
    if division is None:
        return []
    text = digest_text(ctx.session, division, due.due_at - timedelta(days=7))
    if text is None:
        return []
    heading = f"{division.name}: ideas this week"
    return [Post(a, Text(text, heading)) for a in where_to(ctx.session, division)]


def where_to(session: Session, division: Division) -> list[Address]:
    """The division's channel on each platform; where it has none there, its teams' channels
    (so the digest reaches someone rather than nobody)."""
    own = division_addresses(session, division)
    teams = session.scalars(select(Team).where(Team.division_id == division.id).order_by(Team.key))
    theirs = [a for t in teams for a in team_addresses(session, t)]
    covered = {a.platform for a in own}
    return own + [a for a in theirs if a.platform not in covered]
