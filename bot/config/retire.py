"""Teams and people the file no longer lists: found, and retired with `--prune`.

Retiring keeps every reading, idea and visit; it revokes roles, releases the team's channels
and stops what was scheduled for them (prompts, reminders, planned visits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.config.model import TrustConfig
from bot.stores.tables.core import Address, Division, Person, Role, Team, Trust
from bot.stores.tables.schedule import OutboxRow, TimerRow
from bot.stores.tables.visits import Visit
from bot.tiers.seats import division_seat
from bot.visits.rota import cancel_visits
from bot.visits.store import Visits, joined, names

WAITING = ("pending", "retry")


def missing_divisions(session: Session, trust: Trust, config: TrustConfig) -> list[Division]:
    """The divisions still active in the database that the file does not name."""
    keys = {d.key for d in config.divisions}
    divisions = session.scalars(
        select(Division)
        .where(Division.trust_id == trust.id, Division.retired_at.is_(None))
        .order_by(Division.key)
    )
    return [d for d in divisions if d.key not in keys]


def retire_division(session: Session, division: Division, now: datetime) -> None:
    """A division the trust no longer has: its channels are released (escalations no longer go
    there); its history stays. Its teams, gone from the file too, are retired as teams."""
    division.retired_at = now
    session.execute(
        update(Address)
        .where(Address.owner_kind == "division", Address.owner_id == division.id)
        .values(owner_kind=None, owner_id=None)
    )
    session.execute(delete(Role).where(Role.division_id == division.id))  # its leads and members
    seat = division_seat(session, division)  # its tier-2 huddle: no more prompts
    if seat is not None and seat.retired_at is None:
        retire_team(session, seat, now)


def missing(session: Session, trust: Trust, config: TrustConfig) -> tuple[list[Team], list[Person]]:
    """The teams and people still active in the database that the file does not name."""
    keys = {t.key for d in config.divisions for t in d.teams}
    people = {p.name for p in config.people}
    teams = session.scalars(
        select(Team)
        .where(Team.trust_id == trust.id, Team.tier == "team", Team.retired_at.is_(None))
        .order_by(Team.key)
    )
    persons = session.scalars(
        select(Person)
        .where(Person.trust_id == trust.id, Person.retired_at.is_(None))
        .order_by(Person.name)
    )
    return [t for t in teams if t.key not in keys], [p for p in persons if p.name not in people]


def retire_team(session: Session, team: Team, now: datetime) -> None:
    """No more prompts, reminders or visits for the team; its history stays."""
    team.retired_at = now
    session.execute(delete(Role).where(Role.team_id == team.id))
    session.execute(
        update(Address)
        .where(Address.owner_kind == "team", Address.owner_id == team.id)
        .values(owner_kind=None, owner_id=None)
    )
    session.execute(
        update(TimerRow)
        .where(TimerRow.team_id == team.id, TimerRow.status == "pending")
        .values(status="cancelled")
    )
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.team_id == team.id, OutboxRow.status.in_(WAITING))
        .values(status="skipped", last_error="the team was retired")
    )
    visits = session.scalars(
        select(Visit).where(
            Visit.team_id == team.id, Visit.status == "planned", Visit.day >= now.date()
        )
    )
    cancel_visits(Visits(session), list(visits), now, "the team was retired")


def retire_person(session: Session, person: Person, now: datetime) -> None:
    """A leaver: not recognised in chat any more, every role revoked, off the visit rota."""
    person.retired_at = now
    session.execute(delete(Role).where(Role.person_id == person.id))
    session.execute(
        update(TimerRow)
        .where(TimerRow.slot.like(f"%:p{person.id}"), TimerRow.status == "pending")
        .values(status="cancelled")
    )
    for visit in session.scalars(
        select(Visit).where(
            Visit.trust_id == person.trust_id, Visit.status == "planned", Visit.day >= now.date()
        )
    ):
        if person.name not in names(visit):
            continue
        visit.leaders = joined([n for n in names(visit) if n != person.name])
        visit.updated_at = now
        if visit.leaders:
            Visits(session).note_change(visit, None, now, "dropped", "a leader was retired")
        else:
            cancel_visits(Visits(session), [visit], now, "its leader was retired")
