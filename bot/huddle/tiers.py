"""Where an escalation goes at each tier, so that an item never stops at a log line:

- the tier's channels;
- else its leads by direct message (a division's `division_lead`s; the trust's senior leaders);
- else, reported to the trust admins by direct message, saying the tier has neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.addresses import addresses_of, division_addresses
from bot.messages import Address
from bot.people import division_leads, with_trust_role
from bot.stores.tables.core import Division, Person, Trust

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LEADER_ROLES = ("senior_leader", "trust_admin")


@dataclass(frozen=True)
class Reach:
    """The addresses to post to, and in words how they were found (for the raising team)."""

    addresses: list[Address]
    by_message: tuple[str, ...] = ()  # leaders told directly, because the tier has no channel
    reported: bool = False  # the tier has no channel and no lead: the trust admins were told

    @property
    def nobody(self) -> bool:
        return not self.addresses


def _direct(session: Session, people: list[Person], reported: bool = False) -> Reach:
    addresses: list[Address] = []
    told: list[str] = []
    for person in people:
        theirs = addresses_of(session, "person", person.id)
        if theirs:
            addresses += theirs
            told.append(person.name)
    return Reach(addresses, tuple(told), reported and bool(addresses))


def _admins(session: Session, trust: Trust) -> Reach:
    return _direct(session, with_trust_role(session, trust.id, "trust_admin"), reported=True)


def division_reach(session: Session, trust: Trust, division: Division) -> Reach:
    found = division_addresses(session, division)
    if found:
        return Reach(found)
    leads = _direct(session, division_leads(session, division.id))
    return leads if leads.addresses else _admins(session, trust)


def trust_reach(session: Session, trust: Trust) -> Reach:
    found = addresses_of(session, "trust", trust.id)
    if found:
        return Reach(found)
    leads = _direct(session, with_trust_role(session, trust.id, "senior_leader"))
    return leads if leads.addresses else _admins(session, trust)


def how_reached(reach: Reach, tier: str, link: str) -> str:
    """For the raising side: how an item reached a tier with no channel (empty when it has one)."""
    if not (reach.by_message or reach.nobody):
        return ""
    if reach.nobody:
        how = "and nobody could be reached (no lead, no trust admin): nobody has seen it yet"
    elif reach.reported:
        how = (
            f"nor a lead, so it was reported to the trust admins ({', '.join(reach.by_message)}) "
            "by direct message"
        )
    else:
        how = f"so it went to {', '.join(reach.by_message)} by direct message"
    return f" {tier} has no channel linked yet, {how}. A trust admin can link one with `{link}`."


def tier_name(trust: Trust, division: Division, tier: str) -> str:
    return trust.name if tier == "trust" else division.name
