"""The teams, divisions, people and measures the idea handlers look up, and the search across
every idea (full text on PostgreSQL, every word's stem anywhere on SQLite)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Division, Measure, Person, Team, Trust
from bot.stores.tables.ideas import Idea


class Lookups:
    """Look-ups by key or name within a trust, over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def first_trust(self) -> Trust | None:
        return self.session.scalar(select(Trust).order_by(Trust.id).limit(1))

    def team(self, team_id: int | None) -> Team | None:
        return self.session.get(Team, team_id) if team_id else None

    def team_keyed(self, trust_id: int | None, key: str) -> Team | None:
        """A team by key, retired or not (any trust's when `trust_id` is None)."""
        query = select(Team).where(Team.key == key)
        if trust_id is not None:
            query = query.where(Team.trust_id == trust_id)
        return self.session.scalar(query)

    def open_teams(self, trust_id: int) -> list[Team]:
        """The trust's teams and tiers that are not retired, by name."""
        query = select(Team).where(Team.trust_id == trust_id, Team.retired_at.is_(None))
        return list(self.session.scalars(query.order_by(Team.name)))

    def ward_teams(
        self, *, trust_id: int | None = None, division_id: int | None = None, key: str = ""
    ) -> list[Team]:
        """Teams (not tiers) that are not retired, in key order: a trust's or a division's."""
        query = select(Team).where(Team.tier == "team", Team.retired_at.is_(None))
        if trust_id is not None:
            query = query.where(Team.trust_id == trust_id)
        if division_id is not None:
            query = query.where(Team.division_id == division_id)
        if key:
            query = query.where(Team.key == key)
        return list(self.session.scalars(query.order_by(Team.key)))

    def division_teams(self, division: Division, tier: str | None = None) -> list[Team]:
        """A division's teams (retired too), in key order; `tier` picks one tier."""
        query = select(Team).where(Team.division_id == division.id)
        if tier is not None:
            query = query.where(Team.tier == tier)
        return list(self.session.scalars(query.order_by(Team.key)))

    def team_names(self, trust_id: int | None = None) -> dict[int, str]:
        query = select(Team.id, Team.name)
        if trust_id is not None:
            query = query.where(Team.trust_id == trust_id)
        return dict(self.session.execute(query).tuples().all())

    def team_name_keyed(self, trust_id: int, key: str) -> str | None:
        query = select(Team.name).where(Team.trust_id == trust_id, Team.key == key)
        return self.session.scalar(query)

    def division(self, division_id: int | None) -> Division | None:
        return self.session.get(Division, division_id) if division_id else None

    def division_keyed(self, trust_id: int, key: str) -> Division | None:
        query = select(Division).where(Division.trust_id == trust_id, Division.key == key)
        return self.session.scalar(query)

    def divisions(self, trust_id: int) -> list[Division]:
        return list(self.session.scalars(select(Division).where(Division.trust_id == trust_id)))

    def person(self, person_id: int | None) -> Person | None:
        return self.session.get(Person, person_id) if person_id else None

    def name_of(self, person_id: int | None) -> str:
        person = self.person(person_id)
        return person.name if person else "someone"

    def person_named(self, trust_id: int, name: str) -> Person | None:
        """A person of the trust by name, ignoring case."""
        query = select(Person).where(Person.trust_id == trust_id, Person.name.ilike(name))
        return self.session.scalar(query)

    def people_by_name(self) -> dict[str, Person]:
        return {p.name: p for p in self.session.scalars(select(Person))}

    def people_names(self) -> dict[int, str]:
        return dict(self.session.execute(select(Person.id, Person.name)).tuples().all())

    def measure_names(self) -> dict[int, str]:
        return dict(self.session.execute(select(Measure.id, Measure.name)).tuples().all())

    def measure(self, measure_id: int | None) -> Measure | None:
        return self.session.get(Measure, measure_id) if measure_id else None

    def active_measures(self, team: Team) -> list[Measure]:
        query = select(Measure).where(Measure.team_id == team.id, Measure.active.is_(True))
        return list(self.session.scalars(query.order_by(Measure.position)))

    def measure_named(self, team: Team, key: str) -> Measure | None:
        """A team's measure by key or (case-insensitive) name."""
        key = key.strip().lower()
        for measure in self.session.scalars(select(Measure).where(Measure.team_id == team.id)):
            if measure.key.lower() == key or measure.name.lower() == key:
                return measure
        return None

    def search(self, trust_id: int, words: str) -> list[tuple[Idea, str]]:
        """(idea, measure name) for every match: adopted first, then by measure, best first."""
        parts = (Idea.text, Idea.why, Idea.plan_try, Idea.study, Measure.name)
        document: ColumnElement[str] = func.coalesce(parts[0], "")
        for part in parts[1:]:
            document = document + " " + func.coalesce(part, "")
        query = (
            select(Idea, func.coalesce(Measure.name, ""))
            .outerjoin(Measure, Measure.id == Idea.measure_id)
            .where(Idea.trust_id == trust_id)
        )
        rank: Any
        if self.session.get_bind().dialect.name == "postgresql":
            vector = func.to_tsvector("english", document)
            terms = func.plainto_tsquery("english", words)
            query = query.where(vector.op("@@")(terms))
            rank = func.ts_rank(vector, terms)
        else:
            query = query.where(*[_anywhere(document, term) for term in search_terms(words)])
            rank = literal(0)
        adopted_first = (Idea.status != "adopted").label("later")
        no_measure_last = (Idea.measure_id.is_(None)).label("unmeasured")
        query = query.order_by(
            adopted_first,
            no_measure_last,
            func.coalesce(Measure.name, ""),
            rank.desc(),
            Idea.number.desc(),
        )
        return [(idea, measure) for idea, measure in self.session.execute(query).tuples()]


def search_terms(words: str) -> list[str]:
    return [t for t in re.findall(r"[\w']+", words.lower()) if len(t) > 1]


def _anywhere(document: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """The word, or its singular, anywhere in the document (case-insensitive)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stem = escaped[:-1] if len(escaped) > 3 and escaped.endswith("s") else escaped
    lowered = func.lower(document)
    return or_(lowered.like(f"%{stem}%", escape="\\"), lowered.like(f"%{escaped}%", escape="\\"))
