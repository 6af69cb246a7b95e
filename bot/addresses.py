"""Where the bot may speak: stored addresses for teams, divisions, the trust and people."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.events import Origin
from bot.messages import Address
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Division, Team

log = logging.getLogger(__name__)


def _find(session: Session, origin: Origin) -> AddressRow | None:
    """This conversation's row; one declared in the config file has no workspace yet."""
    rows = session.scalars(
        select(AddressRow).where(
            AddressRow.platform == origin.platform,
            AddressRow.conversation == origin.conversation,
            AddressRow.workspace.in_((origin.workspace, "")),
        )
    ).all()
    exact = [r for r in rows if r.workspace == origin.workspace]
    return (exact or rows)[0] if rows else None


def remember(session: Session, origin: Origin, now: datetime) -> AddressRow:
    """Store (or refresh) where this conversation is; its reference may change over time."""
    row = _find(session, origin)
    if row is None:
        row = AddressRow(
            platform=origin.platform,
            workspace=origin.workspace,
            conversation=origin.conversation,
            reference=origin.reference,
            private=origin.private,
            updated_at=now,
        )
        try:
            with session.begin_nested():  # two first messages at once: the second one reads
                session.add(row)
        except IntegrityError:
            row = _find(session, origin)
            assert row is not None
        return row
    if row.workspace == "" and origin.workspace:  # declared in the config; now we know where
        row.workspace = origin.workspace
    if origin.reference and origin.reference != row.reference:
        row.reference = origin.reference
        row.updated_at = now
    return row


def link(session: Session, origin: Origin, owner_kind: str, owner_id: int, now: datetime) -> None:
    row = remember(session, origin, now)
    row.owner_kind, row.owner_id = owner_kind, owner_id


def owner_of(session: Session, origin: Origin) -> tuple[str, int] | None:
    row = _find(session, origin)
    if row is None or row.owner_kind is None or row.owner_id is None:
        return None
    return row.owner_kind, row.owner_id


def team_for(session: Session, origin: Origin) -> Team | None:
    owner = owner_of(session, origin)
    if owner and owner[0] == "team":
        return session.get(Team, owner[1])
    return None


def addresses_of(session: Session, owner_kind: str, owner_id: int) -> list[Address]:
    """Every place the bot speaks for this owner, one per platform conversation."""
    rows = session.scalars(
        select(AddressRow)
        .where(AddressRow.owner_kind == owner_kind, AddressRow.owner_id == owner_id)
        .order_by(AddressRow.id)
    )
    return [
        Address(
            platform=r.platform,
            workspace=r.workspace,
            conversation=r.conversation,
            reference=r.reference,
        )
        for r in rows
    ]


def team_addresses(session: Session, team: Team) -> list[Address]:
    """A team's channels; a tier's seat (bot/tiers/seats.py) speaks in its tier's channels."""
    if team.tier == "division":
        return addresses_of(session, "division", team.division_id)
    if team.tier == "trust":
        return addresses_of(session, "trust", team.trust_id)
    return addresses_of(session, "team", team.id)


# A team with no channel when its prompt falls due: the prompt goes "nowhere", which the
# scheduler records as an undeliverable outbox row (shown by `huddlebot outbox`, reported once
# a day to the team's leads and the trust admins) instead of dropping it silently.
NOWHERE = "nowhere"


def nowhere(team: Team) -> Address:
    return Address(platform=NOWHERE, workspace="", conversation=team.key)


def places_or_nowhere(places: list[Address], team: Team, what: str) -> list[Address]:
    """Where a scheduled post for `team` goes: its channels, or "nowhere" when it has none,
    which the scheduler records as undeliverable and reports (once a day to the team's leads
    and the trust admins), never dropping it silently."""
    if places:
        return places
    log.warning("team %s has no channel: its %s cannot be posted", team.key, what)
    return [nowhere(team)]


def division_addresses(session: Session, division: Division) -> list[Address]:
    return addresses_of(session, "division", division.id)
