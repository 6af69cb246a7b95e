"""The visits store: numbering per trust, the rota as planner values, and each visit's history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Person, Team
from bot.stores.tables.visits import Visit, VisitAction, VisitChange
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


def find_visit(session: Session, trust_id: int, number: int) -> Visit | None:
    return session.scalar(select(Visit).where(Visit.trust_id == trust_id, Visit.number == number))


def next_number(session: Session, trust_id: int, table: type[Visit] | type[VisitAction]) -> int:
    found = session.scalar(select(func.max(table.number)).where(table.trust_id == trust_id))
    return (found or 0) + 1


def team_keys(session: Session, trust_id: int) -> dict[int, str]:
    rows = session.execute(select(Team.id, Team.key).where(Team.trust_id == trust_id))
    return dict(rows.tuples().all())


def rota(session: Session, trust_id: int, statuses: tuple[str, ...] = ON_ROTA) -> list[RotaVisit]:
    """Every visit with one of `statuses`, in date order."""
    keys = team_keys(session, trust_id)
    rows = session.scalars(
        select(Visit)
        .where(Visit.trust_id == trust_id, Visit.status.in_(statuses))
        .order_by(Visit.day, Visit.at_time, Visit.number)
    )
    return [RotaVisit(v.number, as_planned(v, keys[v.team_id]), v.team_id, v.status) for v in rows]


def split(visits: list[RotaVisit], today: date) -> tuple[list[RotaVisit], list[PastVisit]]:
    """Coming visits (from today) and the history before today."""
    coming = [v for v in visits if v.planned.date >= today and v.status == "planned"]
    past = [
        PastVisit(v.planned.date, v.planned.team_key, v.planned.leaders)
        for v in visits
        if v.planned.date < today
    ]
    return coming, past


def add_visit(
    session: Session, trust_id: int, team_id: int, planned: PlannedVisit, now: datetime
) -> Visit:
    visit = Visit(
        trust_id=trust_id,
        number=next_number(session, trust_id, Visit),
        team_id=team_id,
        day=planned.date,
        at_time=planned.time.strftime("%H:%M"),
        leaders=joined(planned.leaders),
        status="planned",
        created_at=now,
        updated_at=now,
    )
    session.add(visit)
    session.flush()
    return visit


def note_change(
    session: Session,
    visit: Visit,
    person: Person | None,
    now: datetime,
    what: str,
    note: str = "",
) -> None:
    session.add(
        VisitChange(
            visit_id=visit.id,
            at=now,
            person_id=person.id if person else None,
            what=what,
            note=note,
        )
    )
    visit.updated_at = now
    session.flush()


def person_named(session: Session, trust_id: int, name: str) -> Person | None:
    wanted = name.strip().lower()
    if not wanted:
        return None
    return session.scalar(
        select(Person).where(Person.trust_id == trust_id, func.lower(Person.name) == wanted)
    )


def coming_visits(
    session: Session,
    trust_id: int,
    today: date,
    *,
    leader: str = "",
    team_ids: tuple[int, ...] = (),
) -> list[Visit]:
    """Planned visits from today, for one leader or some teams (or all)."""
    query = select(Visit).where(
        Visit.trust_id == trust_id, Visit.status == "planned", Visit.day >= today
    )
    if team_ids:
        query = query.where(Visit.team_id.in_(team_ids))
    found = list(session.scalars(query.order_by(Visit.day, Visit.at_time, Visit.number)))
    if leader:
        found = [v for v in found if leader in names(v)]
    return found


def name_of(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id else None
    return person.name if person else "someone"


def calendar(
    session: Session, trust_id: int, area_name: Callable[[str], str]
) -> list[CalendarVisit]:
    """The rota for calendars: visits on it, and those a new plan cancelled, each with the
    number of changes it has had as its sequence."""
    visits = rota(session, trust_id, ON_ROTA + CANCELLED)
    changes = dict(
        session.execute(
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
