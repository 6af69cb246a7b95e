"""Every idea as rows for a spreadsheet, safe against formula injection."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ideas.lineage import shared_with
from bot.ideas.store import supporter_names
from bot.spreadsheet import safe_cell
from bot.stores.tables.core import Measure, Person, Team
from bot.stores.tables.ideas import Idea

COLUMNS = (
    "number",
    "team",
    "status",
    "idea",
    "why",
    "author",
    "owner",
    "measure",
    "supporters",
    "supporter_names",
    "posted",
    "updated",
    "test_start",
    "review_on",
    "next_step",
    "learned",
    "taken_up_from",
    "shared_with",
)


def idea_rows(session: Session, trust_id: int | None = None) -> list[dict[str, Any]]:
    query = select(Idea).order_by(Idea.trust_id, Idea.number)
    if trust_id is not None:
        query = query.where(Idea.trust_id == trust_id)
    ideas = list(session.scalars(query))
    backers = supporter_names(session)
    teams = dict(session.execute(select(Team.id, Team.name)).tuples().all())
    people = dict(session.execute(select(Person.id, Person.name)).tuples().all())
    measures = dict(session.execute(select(Measure.id, Measure.name)).tuples().all())
    numbers = {i.id: i.number for i in ideas}
    return [
        {
            "number": i.number,
            "team": teams.get(i.team_id, ""),
            "status": i.status,
            "idea": i.text,
            "why": i.why,
            "author": people.get(i.author_id or 0, ""),
            "owner": people.get(i.owner_id or 0, ""),
            "measure": measures.get(i.measure_id or 0, ""),
            "supporters": len(backers.get(i.id, [])),
            "supporter_names": "; ".join(backers.get(i.id, [])),
            "posted": i.created_at,
            "updated": i.updated_at,
            "test_start": i.test_start,
            "review_on": i.review_on,
            "next_step": i.next_step,
            "learned": i.study,
            "taken_up_from": numbers.get(i.origin_id or 0, ""),
            "shared_with": "; ".join(shared_with(session, i)),
        }
        for i in ideas
    ]


def ideas_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()
