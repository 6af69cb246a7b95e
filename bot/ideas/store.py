"""The ideas store: numbering per trust, finding, supporting and keeping each idea's history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.stores.tables.core import Measure, Person, Team
from bot.stores.tables.ideas import Idea, IdeaChange, IdeaSupport

STATUSES = ("new", "reviewing", "testing", "adopted", "not_adopted", "parked")
OPEN = ("new", "reviewing", "testing")


IDEA_NUMBER_LOCK = 0x1DEA0000  # advisory lock namespace for idea numbers


def add_idea(
    session: Session,
    *,
    trust_id: int,
    team: Team,
    author: Person | None,
    text: str,
    now: datetime,
    why: str = "",
    measure: Measure | None = None,
) -> Idea:
    """Store a new idea with the next number in the trust, and its first history line."""
    if session.get_bind().dialect.name == "postgresql":
        # Ideas posted at the same moment take numbers one after another, not in a retry race;
        # the lock ends with the transaction.
        lock = sql("SELECT pg_advisory_xact_lock(:key)")
        session.execute(lock, {"key": IDEA_NUMBER_LOCK + trust_id})
    for attempt in range(5):  # two ideas posted at the same moment race for a number
        number = (
            session.scalar(select(func.max(Idea.number)).where(Idea.trust_id == trust_id)) or 0
        ) + 1
        idea = Idea(
            trust_id=trust_id,
            number=number,
            team_id=team.id,
            author_id=author.id if author else None,
            text=text,
            why=why,
            measure_id=measure.id if measure else None,
            status="new",
            created_at=now,
            updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(idea)
            break
        except IntegrityError:
            if attempt == 4:
                raise
    note_change(session, idea, author, now, "", "new", "posted")
    return idea


def team_of(session: Session, idea: Idea) -> Team:
    """The idea's team (a foreign key, so always there)."""
    team = session.get(Team, idea.team_id)
    assert team is not None
    return team


def find_idea(session: Session, trust_id: int, number: int) -> Idea | None:
    return session.scalar(select(Idea).where(Idea.trust_id == trust_id, Idea.number == number))


def note_change(
    session: Session,
    idea: Idea,
    person: Person | None,
    now: datetime,
    from_status: str,
    to_status: str,
    note: str = "",
) -> None:
    session.add(
        IdeaChange(
            idea_id=idea.id,
            at=now,
            person_id=person.id if person else None,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
    )
    session.flush()


def history(session: Session, idea: Idea) -> list[IdeaChange]:
    return list(
        session.scalars(
            select(IdeaChange).where(IdeaChange.idea_id == idea.id).order_by(IdeaChange.id)
        )
    )


def support(session: Session, idea: Idea, person: Person, now: datetime) -> bool:
    """Add one person's support; False if they already support it (once per person)."""
    exists = session.scalar(
        select(IdeaSupport.id).where(
            IdeaSupport.idea_id == idea.id, IdeaSupport.person_id == person.id
        )
    )
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(IdeaSupport(idea_id=idea.id, person_id=person.id, at=now))
    except IntegrityError:  # a double click racing itself
        return False
    return True


def supporters(session: Session, idea: Idea) -> list[str]:
    return list(
        session.scalars(
            select(Person.name)
            .join(IdeaSupport, IdeaSupport.person_id == Person.id)
            .where(IdeaSupport.idea_id == idea.id)
            .order_by(IdeaSupport.id)
        )
    )


def support_counts(session: Session, ideas: list[Idea]) -> dict[int, int]:
    if not ideas:
        return {}
    rows = session.execute(
        select(IdeaSupport.idea_id, func.count())
        .where(IdeaSupport.idea_id.in_([i.id for i in ideas]))
        .group_by(IdeaSupport.idea_id)
    )
    return {idea_id: count for idea_id, count in rows}


def _where(
    trust_id: int, status: str | None, team_id: int | None, person_id: int | None
) -> list[Any]:
    found: list[Any] = [Idea.trust_id == trust_id]
    if status:
        found.append(Idea.status == status)
    if team_id:
        found.append(Idea.team_id == team_id)
    if person_id:
        found.append((Idea.author_id == person_id) | (Idea.owner_id == person_id))
    return found


def ideas_where(
    session: Session,
    trust_id: int,
    *,
    status: str | None = None,
    team_id: int | None = None,
    person_id: int | None = None,
    limit: int | None = None,
) -> list[Idea]:
    """Ideas, newest first; `person_id` picks those the person wrote or owns."""
    query = select(Idea).where(*_where(trust_id, status, team_id, person_id))
    return list(session.scalars(query.order_by(Idea.number.desc()).limit(limit)))


def count_where(
    session: Session,
    trust_id: int,
    *,
    status: str | None = None,
    team_id: int | None = None,
    person_id: int | None = None,
) -> int:
    query = select(func.count()).select_from(Idea)
    return session.scalar(query.where(*_where(trust_id, status, team_id, person_id))) or 0


def supporter_names(session: Session) -> dict[int, list[str]]:
    """Every idea's supporters by name, in the order they came (one query, for the export)."""
    found: dict[int, list[str]] = {}
    rows = session.execute(
        select(IdeaSupport.idea_id, Person.name)
        .join(Person, Person.id == IdeaSupport.person_id)
        .order_by(IdeaSupport.id)
    )
    for idea_id, name in rows:
        found.setdefault(idea_id, []).append(name)
    return found


def name_of(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id else None
    return person.name if person else "someone"


def measure_named(session: Session, team: Team, key: str) -> Measure | None:
    """A team's measure by key or (case-insensitive) name."""
    key = key.strip().lower()
    for measure in session.scalars(select(Measure).where(Measure.team_id == team.id)):
        if measure.key.lower() == key or measure.name.lower() == key:
            return measure
    return None


def test_starts(session: Session, team_id: int, measure_key: str) -> list[tuple[date, str]]:
    """The start of every test of change on one team's measure: (start date, label), by date."""
    rows = session.scalars(
        select(Idea)
        .join(Measure, Measure.id == Idea.measure_id)
        .where(
            Idea.team_id == team_id,
            Measure.key == measure_key,
            Idea.test_start.is_not(None),
        )
        .order_by(Idea.test_start, Idea.number)
    )
    return [(i.test_start, f"Idea #{i.number} test") for i in rows if i.test_start]
