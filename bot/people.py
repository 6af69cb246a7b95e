"""People: who a platform id is, and who holds a role (a speaker's own roles: bot.actor)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.events import Sender
from bot.stores.tables.core import Identity, Person, Role, Team

ROLES = ("trust_admin", "improvement_lead", "team_lead", "member", "senior_leader")


def find_person(session: Session, sender: Sender) -> Person | None:
    """Match on the platform id first, then on any alternative id (a directory object id)."""
    for external_id in (sender.user_id, *sender.alt_ids):
        if not external_id:
            continue
        person = session.scalar(
            select(Person)
            .join(Identity, Identity.person_id == Person.id)
            .where(
                Identity.platform == sender.platform,
                Identity.external_id == external_id,
                Person.retired_at.is_(None),  # a leaver is not recognised
            )
        )
        if person is not None:
            return person
    if sender.platform == "console":  # the console types as a person named in the config
        return session.scalar(
            select(Person).where(Person.name == sender.user_id, Person.retired_at.is_(None))
        )
    return None


def admins(session: Session, trust_id: int) -> list[Person]:
    return with_trust_role(session, trust_id, "trust_admin")


def with_trust_role(session: Session, trust_id: int, *roles: str) -> list[Person]:
    """Everyone holding one of these trust-wide roles, once each, by name."""
    return list(
        session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Person.trust_id == trust_id, Role.role.in_(roles), Role.team_id.is_(None))
            .order_by(Person.name)
            .distinct()
        )
    )


def team_leads(session: Session, team: Team) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Role, Role.person_id == Person.id)
            .where(Role.role == "team_lead", Role.team_id == team.id)
            .order_by(Person.name)
        )
    )
