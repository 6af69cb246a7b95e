"""The visits store: numbering per trust, the rota as planner values, each visit's history, its
notes and actions, and the teams and people the visit handlers look up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Measure, Person, Team, Trust
from bot.stores.tables.visits import Visit, VisitAction, VisitChange, VisitNote
from bot.visits.ics import CalendarVisit
from bot.visits.model import PastVisit, PlannedVisit

ON_ROTA = ("planned", "done")  # visits that happen (or happened); declined ones do not
CANCELLED = ("replaced",)  # taken off the rota by a new plan: calendars show them cancelled
UNCHANGED = ("planned", "notes", "action done")  # history that leaves a calendar entry as it was


@dataclass(frozen=True)
class RotaVisit:
    """A stored visit as the planner sees it, with its number and team."""

    number: int
    planned: PlannedVisit
    team_id: int
    status: str


def names(visit: Visit) -> tuple[str, ...]:
    return tuple(n for n in visit.leaders.split("\n") if n)


def joined(leaders: tuple[str, ...] | list[str]) -> str:
    return "\n".join(leaders)


def as_planned(visit: Visit, team_key: str) -> PlannedVisit:
    return PlannedVisit(visit.day, time.fromisoformat(visit.at_time), team_key, names(visit))


def split(visits: list[RotaVisit], today: date) -> tuple[list[RotaVisit], list[PastVisit]]:
    """Coming visits (from today) and the history before today."""
    coming = [v for v in visits if v.planned.date >= today and v.status == "planned"]
    past = [
        PastVisit(v.planned.date, v.planned.team_key, v.planned.leaders)
        for v in visits
        if v.planned.date < today
    ]
    return coming, past


class Visits:
    """Every question the visit handlers ask of the database, over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, trust_id: int, number: int) -> Visit | None:
        query = select(Visit).where(Visit.trust_id == trust_id, Visit.number == number)
        return self.session.scalar(query)

    def get(self, visit_id: int) -> Visit | None:
        return self.session.get(Visit, visit_id)

    def next_number(self, trust_id: int, table: type[Visit] | type[VisitAction]) -> int:
        query = select(func.max(table.number)).where(table.trust_id == trust_id)
        return (self.session.scalar(query) or 0) + 1

    def rota(self, trust_id: int, statuses: tuple[str, ...] = ON_ROTA) -> list[RotaVisit]:
        """Every visit with one of `statuses`, in date order."""
        keys = {t.id: t.key for t in self.teams(trust_id)}
        rows = self.session.scalars(
            select(Visit)
            .where(Visit.trust_id == trust_id, Visit.status.in_(statuses))
            .order_by(Visit.day, Visit.at_time, Visit.number)
        )
        return [
            RotaVisit(v.number, as_planned(v, keys[v.team_id]), v.team_id, v.status) for v in rows
        ]

    def add(self, trust_id: int, team_id: int, planned: PlannedVisit, now: datetime) -> Visit:
        visit = Visit(
            trust_id=trust_id,
            number=self.next_number(trust_id, Visit),
            team_id=team_id,
            day=planned.date,
            at_time=planned.time.strftime("%H:%M"),
            leaders=joined(planned.leaders),
            status="planned",
            created_at=now,
            updated_at=now,
        )
        self.session.add(visit)
        self.session.flush()
        return visit

    def note_change(
        self, visit: Visit, person: Person | None, now: datetime, what: str, note: str = ""
    ) -> None:
        """One line of the visit's history; the visit counts as updated now."""
        who = person.id if person else None
        self.session.add(
            VisitChange(visit_id=visit.id, at=now, person_id=who, what=what, note=note)
        )
        visit.updated_at = now
        self.session.flush()

    def coming(
        self, trust_id: int, today: date, *, leader: str = "", team_ids: tuple[int, ...] = ()
    ) -> list[Visit]:
        """Planned visits from today, for one leader or some teams (or all)."""
        found = self.planned_from(trust_id, today, team_ids)
        return [v for v in found if leader in names(v)] if leader else found

    def planned_from(
        self, trust_id: int, start: date, team_ids: tuple[int, ...] = ()
    ) -> list[Visit]:
        """Visits still planned from `start` on (for some teams, or all), in date order."""
        query = select(Visit).where(
            Visit.trust_id == trust_id, Visit.status == "planned", Visit.day >= start
        )
        if team_ids:
            query = query.where(Visit.team_id.in_(team_ids))
        return list(self.session.scalars(query.order_by(Visit.day, Visit.at_time, Visit.number)))

    def last_with_notes(self, team: Team, before: date) -> Visit | None:
        """The latest visit to the team before `before` that has notes."""
        return self.session.scalar(
            select(Visit)
            .join(VisitNote, VisitNote.visit_id == Visit.id)
            .where(Visit.team_id == team.id, Visit.day < before)
            .order_by(Visit.day.desc(), Visit.id.desc())
            .limit(1)
        )

    def notes(self, visit: Visit) -> list[VisitNote]:
        query = select(VisitNote).where(VisitNote.visit_id == visit.id).order_by(VisitNote.id)
        return list(self.session.scalars(query))

    def has_notes_from(self, visit: Visit, person: Person) -> bool:
        query = select(VisitNote.id).where(
            VisitNote.visit_id == visit.id, VisitNote.person_id == person.id
        )
        return self.session.scalar(query) is not None

    def add_rows(self, *rows: VisitNote | VisitAction) -> None:
        """Store a visit's notes or actions (numbered by the caller)."""
        self.session.add_all(rows)
        self.session.flush()

    def action(self, trust_id: int, number: int) -> VisitAction | None:
        query = select(VisitAction).where(
            VisitAction.trust_id == trust_id, VisitAction.number == number
        )
        return self.session.scalar(query)

    def actions(self, visit: Visit) -> list[VisitAction]:
        query = select(VisitAction).where(VisitAction.visit_id == visit.id)
        return list(self.session.scalars(query.order_by(VisitAction.number)))

    def open_actions(self, trust_id: int) -> list[tuple[VisitAction, Visit, Team]]:
        """Every open action with its visit and team, soonest due first."""
        rows = self.session.execute(
            select(VisitAction, Visit, Team)
            .join(Visit, Visit.id == VisitAction.visit_id)
            .join(Team, Team.id == Visit.team_id)
            .where(VisitAction.trust_id == trust_id, VisitAction.status == "open")
            .order_by(VisitAction.due, VisitAction.number)
        )
        return [(a, v, t) for a, v, t in rows.tuples()]

    def first_trust(self) -> Trust | None:
        return self.session.scalar(select(Trust).order_by(Trust.id).limit(1))

    def team(self, team_id: int | None) -> Team | None:
        return self.session.get(Team, team_id) if team_id else None

    def team_keyed(self, key: str) -> Team | None:
        return self.session.scalar(select(Team).where(Team.key == key))

    def teams(self, trust_id: int) -> list[Team]:
        """The trust's teams and tiers, retired too."""
        return list(self.session.scalars(select(Team).where(Team.trust_id == trust_id)))

    def areas(self, trust_id: int) -> list[Team]:
        """The teams a visit can go to: not tiers, not retired, in key order."""
        query = select(Team).where(
            Team.trust_id == trust_id, Team.tier == "team", Team.retired_at.is_(None)
        )
        return list(self.session.scalars(query.order_by(Team.key)))

    def active_measures(self, team: Team) -> list[Measure]:
        query = select(Measure).where(Measure.team_id == team.id, Measure.active.is_(True))
        return list(self.session.scalars(query.order_by(Measure.position, Measure.id)))

    def person(self, person_id: int | None) -> Person | None:
        return self.session.get(Person, person_id) if person_id else None

    def people_by_name(self) -> dict[str, Person]:
        return {p.name: p for p in self.session.scalars(select(Person))}

    def person_named(self, trust_id: int, name: str) -> Person | None:
        wanted = name.strip().lower()
        if not wanted:
            return None
        query = select(Person).where(Person.trust_id == trust_id, func.lower(Person.name) == wanted)
        return self.session.scalar(query)

    def name_of(self, person_id: int | None) -> str:
        person = self.person(person_id)
        return person.name if person else "someone"

    def calendar(self, trust_id: int, area_name: Callable[[str], str]) -> list[CalendarVisit]:
        """The rota for calendars: visits on it, and those a new plan cancelled, each with the
        number of changes it has had as its sequence."""
        visits = self.rota(trust_id, ON_ROTA + CANCELLED)
        changes = dict(
            self.session.execute(
                select(Visit.number, func.count(VisitChange.id))
                .join(VisitChange, VisitChange.visit_id == Visit.id)
                .where(Visit.trust_id == trust_id, VisitChange.what.not_in(UNCHANGED))
                .group_by(Visit.number)
            )
            .tuples()
            .all()
        )
        return [
            CalendarVisit(
                v.number,
                v.planned,
                area_name(v.planned.team_key),
                cancelled=v.status in CANCELLED,
                sequence=changes.get(v.number, 0),
            )
            for v in visits
        ]
