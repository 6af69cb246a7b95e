"""Who is speaking, and what they may do: people, their platform ids and their roles."""

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


def roles_of(session: Session, person: Person | None) -> set[tuple[str, int | None]]:
    if person is None:
        return set()
    rows = session.execute(select(Role.role, Role.team_id).where(Role.person_id == person.id))
    return {(role, team_id) for role, team_id in rows}


def has_role(session: Session, person: Person | None, role: str, team: Team | None = None) -> bool:
    """A team role for that team, or the role trust-wide (team_id NULL)."""
    held = roles_of(session, person)
    return (role, None) in held or (team is not None and (role, team.id) in held)


def is_trust_admin(session: Session, person: Person | None) -> bool:
    return has_role(session, person, "trust_admin")


def is_member(session: Session, person: Person | None, team: Team) -> bool:
    """Members and leads of the team record for it; trust admins may act for any team."""
    return any(has_role(session, person, r, team) for r in ("member", "team_lead", "trust_admin"))


def is_team_lead(session: Session, person: Person | None, team: Team) -> bool:
    return has_role(session, person, "team_lead", team) or is_trust_admin(session, person)


def teams_of(session: Session, person: Person | None) -> list[Team]:
    """The teams a person belongs to (member or lead), in key order."""
    if person is None:
        return []
    ids = {
        t for r, t in roles_of(session, person) if t is not None and r in ("member", "team_lead")
    }
    if not ids:
        return []
    return list(session.scalars(select(Team).where(Team.id.in_(ids)).order_by(Team.key)))


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
