"""Where an escalation goes at each tier: the tier's channels, or, when it has none, its leaders
(senior leaders and trust admins) by direct message, so an item never stops at a log line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.addresses import addresses_of, division_addresses
from bot.messages import Address
from bot.people import with_trust_role
from bot.stores.tables.core import Division, Trust

LEADER_ROLES = ("senior_leader", "trust_admin")


@dataclass(frozen=True)
class Reach:
    """The addresses to post to, and in words how they were found (for the raising team)."""

    addresses: list[Address]
    by_message: tuple[str, ...] = ()  # leaders told directly, because the tier has no channel

    @property
    def nobody(self) -> bool:
        return not self.addresses


def _leaders(session: Session, trust: Trust) -> Reach:
    addresses: list[Address] = []
    told: list[str] = []
    for person in with_trust_role(session, trust.id, *LEADER_ROLES):
        theirs = addresses_of(session, "person", person.id)
        if theirs:
            addresses += theirs
            told.append(person.name)
    return Reach(addresses, tuple(told))


def division_reach(session: Session, trust: Trust, division: Division) -> Reach:
    found = division_addresses(session, division)
    return Reach(found) if found else _leaders(session, trust)


def trust_reach(session: Session, trust: Trust) -> Reach:
    found = addresses_of(session, "trust", trust.id)
    return Reach(found) if found else _leaders(session, trust)


def tier_name(trust: Trust, division: Division, tier: str) -> str:
    return trust.name if tier == "trust" else division.name
