"""The ideas store: numbering per trust, finding, supporting, sharing and keeping each idea's
history, and the few team, measure and people look-ups the idea handlers need."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.ideas.lookups import Lookups
from bot.stores.tables.core import Measure, Person, Team
from bot.stores.tables.ideas import Idea, IdeaChange, IdeaShare, IdeaSupport, ReflectionNote

STATUSES = ("new", "reviewing", "testing", "adopted", "not_adopted", "parked")
OPEN = ("new", "reviewing", "testing")


IDEA_NUMBER_LOCK = 0x1DEA0000  # advisory lock namespace for idea numbers


class Ideas(Lookups):
    """Every question the idea handlers ask of the database, over one session."""

    def add(
        self,
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
        session = self.session
        if session.get_bind().dialect.name == "postgresql":
            # Ideas posted at the same moment take numbers one after another, not in a retry
            # race; the lock ends with the transaction.
            lock = sql("SELECT pg_advisory_xact_lock(:key)")
            session.execute(lock, {"key": IDEA_NUMBER_LOCK + trust_id})
        for attempt in range(5):  # two ideas posted at the same moment race for a number
            top = session.scalar(select(func.max(Idea.number)).where(Idea.trust_id == trust_id))
            idea = Idea(
                trust_id=trust_id,
                number=(top or 0) + 1,
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
        self.note_change(idea, author, now, "", "new", "posted")
        return idea

    def get(self, idea_id: int | None) -> Idea | None:
        return self.session.get(Idea, idea_id) if idea_id else None

    def find(self, trust_id: int, number: int) -> Idea | None:
        query = select(Idea).where(Idea.trust_id == trust_id, Idea.number == number)
        return self.session.scalar(query)

    def team_of(self, idea: Idea) -> Team:
        """The idea's team (a foreign key, so always there)."""
        team = self.session.get(Team, idea.team_id)
        assert team is not None
        return team

    def measure_of(self, idea: Idea) -> Measure | None:
        return self.session.get(Measure, idea.measure_id) if idea.measure_id else None

    def note_change(
        self,
        idea: Idea,
        person: Person | None,
        now: datetime,
        from_status: str,
        to_status: str,
        note: str = "",
    ) -> None:
        """One line of the idea's history: who moved it from one status to another, and why."""
        who = person.id if person else None
        change = IdeaChange(idea_id=idea.id, at=now, person_id=who, note=note)
        change.from_status, change.to_status = from_status, to_status
        self.session.add(change)
        self.session.flush()

    def history(self, idea: Idea) -> list[IdeaChange]:
        query = select(IdeaChange).where(IdeaChange.idea_id == idea.id).order_by(IdeaChange.id)
        return list(self.session.scalars(query))

    def adopted_between(
        self, start: datetime, end: datetime | None = None, strictly_after: bool = False
    ) -> set[int]:
        """The ids of ideas moved to adopted from `start` (or after it) and before `end`."""
        after = IdeaChange.at > start if strictly_after else IdeaChange.at >= start
        query = select(IdeaChange.idea_id).where(IdeaChange.to_status == "adopted", after)
        if end is not None:
            query = query.where(IdeaChange.at < end)
        return set(self.session.scalars(query))

    def support(self, idea: Idea, person: Person, now: datetime) -> bool:
        """Add one person's support; False if they already support it (once per person)."""
        exists = self.session.scalar(
            select(IdeaSupport.id).where(
                IdeaSupport.idea_id == idea.id, IdeaSupport.person_id == person.id
            )
        )
        if exists is not None:
            return False
        try:
            with self.session.begin_nested():
                self.session.add(IdeaSupport(idea_id=idea.id, person_id=person.id, at=now))
        except IntegrityError:  # a double click racing itself
            return False
        return True

    def supporters(self, idea: Idea) -> list[str]:
        return list(
            self.session.scalars(
                select(Person.name)
                .join(IdeaSupport, IdeaSupport.person_id == Person.id)
                .where(IdeaSupport.idea_id == idea.id)
                .order_by(IdeaSupport.id)
            )
        )

    def support_counts(self, ideas: list[Idea]) -> dict[int, int]:
        if not ideas:
            return {}
        rows = self.session.execute(
            select(IdeaSupport.idea_id, func.count())
            .where(IdeaSupport.idea_id.in_([i.id for i in ideas]))
            .group_by(IdeaSupport.idea_id)
        )
        return {idea_id: count for idea_id, count in rows}

    def supporter_names(self) -> dict[int, list[str]]:
        """Every idea's supporters by name, in the order they came (one query, for the export)."""
        found: dict[int, list[str]] = {}
        rows = self.session.execute(
            select(IdeaSupport.idea_id, Person.name)
            .join(Person, Person.id == IdeaSupport.person_id)
            .order_by(IdeaSupport.id)
        )
        for idea_id, name in rows:
            found.setdefault(idea_id, []).append(name)
        return found

    def where(
        self,
        trust_id: int | None,
        *,
        status: str | None = None,
        team_id: int | None = None,
        person_id: int | None = None,
        limit: int | None = None,
    ) -> list[Idea]:
        """Ideas, newest first; `person_id` picks those the person wrote or owns."""
        query = select(Idea).where(*_where(trust_id, status, team_id, person_id))
        return list(self.session.scalars(query.order_by(Idea.number.desc()).limit(limit)))

    def count_where(
        self,
        trust_id: int,
        *,
        status: str | None = None,
        team_id: int | None = None,
        person_id: int | None = None,
    ) -> int:
        query = select(func.count()).select_from(Idea)
        return self.session.scalar(query.where(*_where(trust_id, status, team_id, person_id))) or 0

    def in_order(
        self, trust_id: int | None = None, team_ids: list[int] | None = None
    ) -> list[Idea]:
        """Ideas by trust and number: one trust's (None: every trust), or some teams'."""
        query = select(Idea).order_by(Idea.trust_id, Idea.number)
        if trust_id is not None:
            query = query.where(Idea.trust_id == trust_id)
        if team_ids is not None:
            query = query.where(Idea.team_id.in_(team_ids))
        return list(self.session.scalars(query))

    def taken_up_from(self, origin_ids: list[int]) -> list[Idea]:
        """The ideas taken up directly from any of these, in number order."""
        query = select(Idea).where(Idea.origin_id.in_(origin_ids)).order_by(Idea.number)
        return list(self.session.scalars(query))

    def tried_by(self, original: Idea, team: Team) -> Idea | None:
        """The team's own take on an idea it took up from another team."""
        query = select(Idea).where(Idea.origin_id == original.id, Idea.team_id == team.id)
        return self.session.scalar(query)

    def changers(self, idea: Idea) -> list[int | None]:
        """Who moved the idea on, once per move."""
        query = select(IdeaChange.person_id).where(IdeaChange.idea_id == idea.id)
        return list(self.session.scalars(query))

    def shares(self, idea: Idea) -> list[IdeaShare]:
        query = select(IdeaShare).where(IdeaShare.idea_id == idea.id).order_by(IdeaShare.id)
        return list(self.session.scalars(query))

    def shared_before(self, idea: Idea, scope: str, key: str) -> IdeaShare | None:
        return self.session.scalar(
            select(IdeaShare).where(
                IdeaShare.idea_id == idea.id, IdeaShare.scope == scope, IdeaShare.scope_key == key
            )
        )

    def add_share(
        self, idea: Idea, scope: str, key: str, person: Person | None, now: datetime
    ) -> None:
        person_id = person.id if person else None
        share = IdeaShare(idea_id=idea.id, scope=scope, scope_key=key, person_id=person_id, at=now)
        self.session.add(share)
        self.session.flush()

    def add_reflection(self, note: ReflectionNote) -> ReflectionNote:
        self.session.add(note)
        self.session.flush()
        return note

    def reflection(self, token: str) -> ReflectionNote | None:
        query = select(ReflectionNote).where(ReflectionNote.token == token)
        return self.session.scalar(query)

    def test_starts(self, team_id: int, measure_key: str) -> list[tuple[date, str]]:
        """The start of every test of change on one team's measure: (start date, label)."""
        rows = self.session.scalars(
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


def _where(
    trust_id: int | None, status: str | None, team_id: int | None, person_id: int | None
) -> list[Any]:
    found: list[Any] = [] if trust_id is None else [Idea.trust_id == trust_id]
    if status:
        found.append(Idea.status == status)
    if team_id:
        found.append(Idea.team_id == team_id)
    if person_id:
        found.append((Idea.author_id == person_id) | (Idea.owner_id == person_id))
    return found


def test_starts(session: Session, team_id: int, measure_key: str) -> list[tuple[date, str]]:
    """The start of every test of change on a measure, for other capabilities' charts."""
    return Ideas(session).test_starts(team_id, measure_key)
