"""The pre-visit pack: the area's measures (with SPC signals where charts can tell), open
escalations, ideas being tested, and the notes and actions from the last visit there.

Charts, huddle escalations and ideas belong to other capabilities; each part is read
defensively, so a pack still goes out when one of them cannot answer.
"""

from __future__ import annotations

import logging
from datetime import date

from bot.huddle.board import measure_lines as board_lines
from bot.huddle.escalations import open_escalations
from bot.huddle.measures import label
from bot.huddle.readings import latest
from bot.huddle.values import shown
from bot.ideas.store import Ideas
from bot.stores.tables.core import Measure, Team
from bot.visits.store import Visits, names
from bot.visits.words import day_text

log = logging.getLogger(__name__)


def _latest(visits: Visits, measure: Measure) -> str:
    found = latest(visits.session, measure)
    if found is None:
        return f"{measure.name}: nothing recorded yet"
    value = shown(measure, found.typed).removeprefix(label(measure) + " ")
    return f"{measure.name}: {value} ({day_text(found.day)})"


def measure_lines(visits: Visits, team: Team, today: date) -> list[str]:
    lines: list[str] = []
    for measure in visits.active_measures(team):
        try:
            lines += board_lines(visits.session, measure, today)
        except Exception:  # the huddle board could not say: the latest value will do
            log.exception("pack: board lines failed for measure %s", measure.id)
            lines.append("" if measure.anonymous else _latest(visits, measure))
    return [line for line in lines if line] or ["no measures yet"]


def escalation_lines(visits: Visits, team: Team) -> list[str]:
    try:
        items = open_escalations(visits.session, [team.id])
        return [f"#{e.id} “{e.text}” ({e.state})" for e in items] or ["none open"]
    except Exception:
        log.exception("pack: escalations unavailable")
        return ["not available"]


def idea_lines(visits: Visits, team: Team) -> list[str]:
    try:
        testing = Ideas(visits.session).where(team.trust_id, status="testing", team_id=team.id)
        items = sorted(testing, key=lambda i: i.number)
        return [
            f"#{i.number} {i.text}" + (f" (since {day_text(i.test_start)})" if i.test_start else "")
            for i in items
        ] or ["none being tested"]
    except Exception:
        log.exception("pack: ideas unavailable")
        return ["not available"]


def last_visit_lines(visits: Visits, team: Team, before: date) -> list[str]:
    """Notes and actions from the latest earlier visit there that has notes."""
    visit = visits.last_with_notes(team, before)
    if visit is None:
        return ["no notes from an earlier visit"]
    lines = [f"Visit {visit.number}, {day_text(visit.day)} ({', '.join(names(visit))})"]
    for note in visits.notes(visit):
        if note.saw:
            lines.append(f"Saw: {note.saw}")
        if note.good:
            lines.append(f"Good: {note.good}")
    for a in visits.actions(visit):
        lines.append(
            f"Action {a.number}: {a.text} ({visits.name_of(a.owner_id)}, by {day_text(a.due)}, "
            f"{'done' if a.status == 'done' else 'open'})"
        )
    return lines


def pre_visit_pack(visits: Visits, team: Team, today: date, visit_day: date) -> str:
    """The pack as plain text, one section after another."""
    sections = [
        ("Measures", measure_lines(visits, team, today)),
        ("Open escalations", escalation_lines(visits, team)),
        ("Ideas being tested", idea_lines(visits, team)),
        ("Notes from the last visit", last_visit_lines(visits, team, visit_day)),
    ]
    return "\n".join(
        f"{title}:\n" + "\n".join(f"  {line}" for line in lines) for title, lines in sections
    )
