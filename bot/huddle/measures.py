"""A team's measures, and finding one from what a person typed ("staff", "PU", "mood")."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Measure, Team


def team_measures(session: Session, team: Team) -> list[Measure]:
    """Today's measures, in the order the team set them."""
    return list(
        session.scalars(
            select(Measure)
            .where(Measure.team_id == team.id, Measure.active.is_(True))
            .order_by(Measure.position, Measure.id)
        )
    )


def active_measure(session: Session, team_id: int, key: str) -> Measure | None:
    """The team's measure with this key, if it is still recorded."""
    return session.scalar(
        select(Measure).where(
            Measure.team_id == team_id, Measure.key == key, Measure.active.is_(True)
        )
    )


def any_measure(session: Session, team: Team, key: str) -> Measure | None:
    """The team's measure with this key, recorded still or not (its history is kept)."""
    return session.scalar(select(Measure).where(Measure.team_id == team.id, Measure.key == key))


def next_position(session: Session, team: Team) -> int:
    """Where a new measure goes: after the team's last."""
    last = session.scalar(select(func.max(Measure.position)).where(Measure.team_id == team.id))
    return (last or 0) + 1


def is_derived(measure: Measure) -> bool:
    """A tier measure made from its teams' measures (bot/tiers/derived.py): never answered."""
    return (measure.derived_json or "{}") != "{}"


def answered_measures(session: Session, team: Team) -> list[Measure]:
    """The measures a huddle answers: all of a team's; a tier's own, not those it derives."""
    return [m for m in team_measures(session, team) if not is_derived(m)]


def label(measure: Measure) -> str:
    """The short name used in replies: the key in words ("pressure ulcers")."""
    return measure.key.replace("-", " ").replace("_", " ")


def _words(text: str) -> list[str]:
    return text.lower().replace("-", " ").replace("_", " ").replace("/", " ").split()


def _score(typed: str, measure: Measure) -> int:
    """How well `typed` names `measure`: 0 no match, higher is better."""
    said = " ".join(_words(typed))
    if not said:
        return 0
    key, name = " ".join(_words(measure.key)), " ".join(_words(measure.name))
    if said in (key, name):
        return 5
    if said.rstrip("s") in (key.rstrip("s"), name.rstrip("s")):
        return 5
    initials = {"".join(w[0] for w in _words(text)) for text in (measure.key, measure.name)}
    if len(said) >= 2 and said.replace(" ", "") in initials:
        return 4
    if len(said) >= 3 and (key.startswith(said) or name.startswith(said)):
        return 3
    names = set(_words(measure.key)) | set(_words(measure.name))
    if len(said) >= 3 and any(w.startswith(said) or said.rstrip("s") == w for w in names):
        return 2
    return 0


def find(typed: str, measures: list[Measure]) -> list[Measure]:
    """The best matching measures: one when clear, several when ambiguous, none when unknown."""
    scored = [(_score(typed, m), m) for m in measures]
    best = max((s for s, _ in scored), default=0)
    return [m for s, m in scored if s == best] if best else []


def listing(measures: list[Measure]) -> str:
    """`falls, staffing, pressure ulcers, mood`: the names a person can type."""
    return ", ".join(label(m) for m in measures)
