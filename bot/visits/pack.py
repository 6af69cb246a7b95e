"""The pre-visit pack: the area's measures (with SPC signals where charts can tell), open
escalations, ideas being tested, and the notes and actions from the last visit there.

Charts, huddle escalations and ideas belong to other capabilities; each part is read
defensively, so a pack still goes out when one of them cannot answer.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.huddle.board import measure_lines as board_lines
from bot.huddle.escalations import open_escalations
from bot.huddle.measures import label
from bot.huddle.readings import latest
from bot.huddle.values import shown
from bot.ideas.store import Ideas
from bot.stores.tables.core import Measure, Team
from bot.stores.tables.visits import Visit, VisitAction, VisitNote
from bot.visits.store import name_of, names
from bot.visits.words import day_text

log = logging.getLogger(__name__)


def _latest(session: Session, measure: Measure) -> str:
    found = latest(session, measure)
    if found is None:
        return f"{measure.name}: nothing recorded yet"
    value = shown(measure, found.typed).removeprefix(label(measure) + " ")
    return f"{measure.name}: {value} ({day_text(found.day)})"


def measure_lines(session: Session, team: Team, today: date) -> list[str]:
    measures = session.scalars(
        select(Measure)
        .where(Measure.team_id == team.id, Measure.active.is_(True))
        .order_by(Measure.position, Measure.id)
    )
    lines: list[str] = []
    for measure in measures:
        try:
            lines += board_lines(session, measure, today)
        except Exception:  # the huddle board could not say: the latest value will do
            log.exception("pack: board lines failed for measure %s", measure.id)
            lines.append("" if measure.anonymous else _latest(session, measure))
    return [line for line in lines if line] or ["no measures yet"]


def escalation_lines(session: Session, team: Team) -> list[str]:
    try:
        items = open_escalations(session, [team.id])
        return [f"#{e.id} “{e.text}” ({e.state})" for e in items] or ["none open"]
    except Exception:
        log.exception("pack: escalations unavailable")
        return ["not available"]


def idea_lines(session: Session, team: Team) -> list[str]:
    try:
        testing = Ideas(session).where(team.trust_id, status="testing", team_id=team.id)
        items = sorted(testing, key=lambda i: i.number)
        return [
            f"#{i.number} {i.text}" + (f" (since {day_text(i.test_start)})" if i.test_start else "")
            for i in items
        ] or ["none being tested"]
    except Exception:
        log.exception("pack: ideas unavailable")
        return ["not available"]


def last_visit_lines(session: Session, team: Team, before: date) -> list[str]:
    """Notes and actions from the latest earlier visit there that has notes."""
    visit = session.scalar(
        select(Visit)
        .join(VisitNote, VisitNote.visit_id == Visit.id)
        .where(Visit.team_id == team.id, Visit.day < before)
        .order_by(Visit.day.desc(), Visit.id.desc())
        .limit(1)
    )
    if visit is None:
        return ["no notes from an earlier visit"]
    lines = [f"Visit {visit.number}, {day_text(visit.day)} ({', '.join(names(visit))})"]
    for note in session.scalars(select(VisitNote).where(VisitNote.visit_id == visit.id)):
        if note.saw:
            lines.append(f"Saw: {note.saw}")
        if note.good:
            lines.append(f"Good: {note.good}")
    actions = session.scalars(
        select(VisitAction).where(VisitAction.visit_id == visit.id).order_by(VisitAction.number)
    )
    for a in actions:
        lines.append(
            f"Action {a.number}: {a.text} ({name_of(session, a.owner_id)}, by {day_text(a.due)}, "
            f"{'done' if a.status == 'done' else 'open'})"
        )
    return lines


def pre_visit_pack(session: Session, team: Team, today: date, visit_day: date) -> str:
    """The pack as plain text, one section after another."""
    sections = [
        ("Measures", measure_lines(session, team, today)),
        ("Open escalations", escalation_lines(session, team)),
        ("Ideas being tested", idea_lines(session, team)),
        ("Notes from the last visit", last_visit_lines(session, team, visit_day)),
    ]
    return "\n".join(
        f"{title}:\n" + "\n".join(f"  {line}" for line in lines) for title, lines in sections
    )
