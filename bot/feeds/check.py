"""Checking fed items against the trust exactly as a typed answer is checked: the team, the
measure and its kind's range, the date, and the patient-identifier guard on the source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds.items import FedItem, ItemProblem
from bot.guard import check_text, clean_control
from bot.huddle.kinds import Typed
from bot.huddle.values import Problem, check
from bot.stores.tables.core import Measure, Team, Trust


@dataclass(frozen=True)
class Checked:
    """An item that may be stored: its team, measure and the answer as a typed one."""

    index: int
    team: Team
    measure: Measure
    day: date
    typed: Typed
    source: str


@dataclass(frozen=True)
class Verdict:
    """The checked items, or what is wrong: `forbidden` (outside the token's scope, 403)
    comes before `problems` (422); either means nothing is stored."""

    checked: tuple[Checked, ...] = ()
    problems: tuple[ItemProblem, ...] = ()
    forbidden: tuple[ItemProblem, ...] = ()
    refused: tuple[str, ...] = ()  # the kinds of patient identifier found (for the audit)


class _Trust:
    """The trust's teams and measures, read once for a whole batch."""

    def __init__(self, session: Session, trust: Trust) -> None:
        self.teams = {
            t.key: t
            for t in session.scalars(
                select(Team).where(Team.trust_id == trust.id, Team.retired_at.is_(None))
            )
        }
        self.measures: dict[tuple[int, str], Measure] = {
            (m.team_id, m.key): m
            for m in session.scalars(
                select(Measure).where(
                    Measure.team_id.in_([t.id for t in self.teams.values()]),
                    Measure.active.is_(True),
                )
            )
        }


def check_items(
    session: Session,
    trust: Trust,
    items: Sequence[FedItem],
    now: datetime,
    may_write: Callable[[Team], bool] = lambda team: True,
) -> Verdict:
    """Every item checked; the measure's kind parses the value as if a nurse had typed it."""
    known = _Trust(session, trust)
    checked, problems, forbidden, refused = [], [], [], []
    for item in items:
        team = known.teams.get(item.team)
        if team is None:
            problems.append(ItemProblem(item.index, "team", "is not a team of the trust"))
            continue
        if not may_write(team):
            forbidden.append(
                ItemProblem(item.index, "team", "this token may not write readings for that team")
            )
            continue
        measure = known.measures.get((team.id, item.measure))
        if measure is None:
            problems.append(ItemProblem(item.index, "measure", "is not a measure of that team"))
            continue
        if measure.anonymous:
            problems.append(
                ItemProblem(
                    item.index,
                    "measure",
                    "is anonymous: staff answer it privately, it cannot be fed",
                )
            )
            continue
        today = now.astimezone(ZoneInfo(team.timezone or trust.timezone)).date()
        if item.day > today:
            problems.append(ItemProblem(item.index, "date", "is in the team's future"))
            continue
        source = clean_control(item.source)
        refusal = check_text(source, trust.hospital_number_pattern, limit=120, today=today)
        if refusal is not None:
            refused.append(refusal.kind)
            problems.append(
                ItemProblem(
                    item.index,
                    "source",
                    f"looks like it contains {refusal.kind}: patient details must never be "
                    "sent; nothing was stored",
                )
            )
            continue
        result = check(measure, item.raw)
        if isinstance(result, Problem):
            problems.append(ItemProblem(item.index, item.field, result.text))
            continue
        checked.append(Checked(item.index, team, measure, item.day, result, source))
    return Verdict(tuple(checked), tuple(problems), tuple(forbidden), tuple(refused))
