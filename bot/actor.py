"""Who is acting, and the roles they hold: read once per event, then asked without queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Person, Role, Team

TEAM_ROLES = ("member", "team_lead")  # the roles that make a team one's own


@dataclass(frozen=True)
class Actor:
    """The person behind an event (none: a stranger, or scheduled work) and their roles, as
    (role, team id) pairs; a team id of None holds the role trust-wide."""

    person_id: int | None = None
    roles: frozenset[tuple[str, int | None]] = frozenset()

    def has(self, role: str, team: Team | None = None) -> bool:
        """A team role for that team, or the role trust-wide."""
        return (role, None) in self.roles or (team is not None and (role, team.id) in self.roles)

    def has_any(self, *roles: str) -> bool:
        """One of these roles trust-wide."""
        return any((role, None) in self.roles for role in roles)

    @property
    def trust_admin(self) -> bool:
        return self.has("trust_admin")

    def member_of(self, team: Team) -> bool:
        """Members and leads of the team record for it; trust admins may act for any team."""
        return any(self.has(role, team) for role in (*TEAM_ROLES, "trust_admin"))

    def leads(self, team: Team) -> bool:
        return self.has("team_lead", team) or self.trust_admin

    @property
    def team_ids(self) -> frozenset[int]:
        """The teams this person belongs to (member or lead)."""
        return frozenset(t for r, t in self.roles if t is not None and r in TEAM_ROLES)


NOBODY = Actor()


def load_actor(session: Session, person: Person | None) -> Actor:
    """The person's roles, in one query."""
    if person is None:
        return NOBODY
    rows = session.execute(select(Role.role, Role.team_id).where(Role.person_id == person.id))
    return Actor(person.id, frozenset((role, team_id) for role, team_id in rows))


def teams_of_actor(session: Session, actor: Actor) -> list[Team]:
    """The actor's own teams, in key order."""
    if not actor.team_ids:
        return []
    return list(session.scalars(select(Team).where(Team.id.in_(actor.team_ids)).order_by(Team.key)))
