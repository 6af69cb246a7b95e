"""Whose charts a person may see: their own teams; the trust's leaders and improvers see all."""

from __future__ import annotations

from bot.addresses import team_for
from bot.charting.queries import ward_teams
from bot.context import Context
from bot.huddle.access import oversees
from bot.stores.tables.core import Division, Team
from bot.tiers.seats import seat_here


def visible_teams(ctx: Context, division: Division | None = None) -> list[Team]:
    """Every team for trust admins, improvement leads and senior leaders; a member's or a team
    lead's own teams otherwise; narrowed to one division when given."""
    teams = ward_teams(ctx.session, ctx.trust.id) if oversees(ctx) else ctx.my_teams()
    if division is not None:
        teams = [t for t in teams if t.division_id == division.id]
    return teams


def may_see(ctx: Context, team: Team) -> bool:
    """In the team's own channel everyone there sees its charts (in a division's or the trust's
    channel, that tier's); elsewhere, as `visible_teams`."""
    if ctx.team is not None and ctx.team.id == team.id and ctx.event is not None:
        origin = ctx.event.origin
        if (team_for(ctx.session, origin) or seat_here(ctx.session, origin)) is not None:
            return True
    return any(t.id == team.id for t in visible_teams(ctx))
