"""Reports of messages that did not go: expired ones to the team lead, dead ones to the
trust admin. Composed here from stored addresses; delivered through the outbox like any post."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Address, Post, Text
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Role, Team

WHAT = {
    "huddle.prompt": "huddle prompt",
    "huddle.nudge": "huddle reminder",
    "charts.digest": "weekly chart digest",
    "ideas.reflection": "weekly ideas reflection",
    "ideas.review": "review prompt for a test of change",
    "ideas.digest": "weekly ideas digest",
    "huddle.escalation_due": "escalation follow-up",
}


def _people_addresses(session: Session, role: str, team_id: int | None) -> list[Address]:
    roles = select(Role.person_id).where(Role.role == role)
    roles = roles.where(Role.team_id == team_id) if team_id else roles.where(Role.team_id.is_(None))
    rows = session.scalars(
        select(AddressRow)
        .where(AddressRow.owner_kind == "person", AddressRow.owner_id.in_(roles))
        .order_by(AddressRow.id)
    )
    return [Address(r.platform, r.workspace, r.conversation, reference=r.reference) for r in rows]


def _team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id) if team_id else None


def _when(at: datetime, team: Team | None) -> str:
    local = at.astimezone(ZoneInfo(team.timezone if team else "Europe/London"))
    return local.strftime("%H:%M on %a %d %b")


def expired_report(
    session: Session, *, kind: str, team_id: int, due_at: datetime, reason: str
) -> tuple[list[Address], Text]:
    """Tell the team lead a timed message came too late to be useful and was not sent."""
    team = _team(session, team_id)
    name = team.name if team else "the trust"
    what = WHAT.get(kind, kind.replace(".", " "))
    text = Text(
        f"The {what} for {name} due at {_when(due_at, team)} was not sent: it could not go out in "
        f"time to be useful ({reason})."
        + (" Please run today's huddle without it." if kind.startswith("huddle.") else ""),
        heading="Huddlebot: a message was not sent",
    )
    return _people_addresses(session, "team_lead", team_id or None), text


def dead_report(
    session: Session, *, kind: str, team_id: int, where: str, reason: str
) -> tuple[list[Address], Text]:
    """Tell the trust admin a message cannot be delivered until something is fixed."""
    team = _team(session, team_id)
    name = team.name if team else "the trust"
    what = WHAT.get(kind, kind.replace(".", " "))
    hint = (
        " Huddlebot may have been removed from that conversation: please add it back."
        if any(w in reason for w in ("not_in_channel", "channel_not_found", "forbidden"))
        else ""
    )
    text = Text(
        f"A {what} for {name} could not be delivered to {where}: {reason}.{hint}",
        heading="Huddlebot: delivery failed",
    )
    return _people_addresses(session, "trust_admin", None), text


def as_posts(addresses: list[Address], text: Text, key: str) -> list[Post]:
    return [Post(to=a, message=text, key=f"{key}>{i}") for i, a in enumerate(addresses)]
