"""Whose charts a person may see: their own teams; the trust's leaders and improvers see all."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.addresses import team_for
from bot.context import Context
from bot.huddle.access import oversees
from bot.stores.tables.core import Division, Team


def visible_teams(ctx: Context, division: Division | None = None) -> list[Team]:
    """Every team for trust admins, improvement leads and senior leaders; a member's or a team
    lead's own teams otherwise; narrowed to one division when given."""
    if oversees(ctx):
        query = select(Team).where(Team.trust_id == ctx.trust.id, Team.retired_at.is_(None))
        teams = list(ctx.session.scalars(query.order_by(Team.key)))
    else:
        teams = ctx.my_teams()
    if division is not None:
        teams = [t for t in teams if t.division_id == division.id]
    return teams


def may_see(ctx: Context, team: Team) -> bool:
    """In the team's own channel everyone there sees its charts; elsewhere, as `visible_teams`."""
    if (
        ctx.team is not None
        and ctx.team.id == team.id
        and ctx.event is not None
        and team_for(ctx.session, ctx.event.origin) is not None
    ):
        return True
    return any(t.id == team.id for t in visible_teams(ctx))


def team_named(session: Session, trust_id: int, key: str) -> Team | None:
    return session.scalar(select(Team).where(Team.trust_id == trust_id, Team.key == key.lower()))


def division_named(session: Session, trust_id: int, key: str) -> Division | None:
    word = key.strip().lower()
    return session.scalar(
        select(Division).where(Division.trust_id == trust_id, Division.key == word)
    )
