"""Every idea as rows for a spreadsheet, safe against formula injection."""

from __future__ import annotations

import csv
import io
from typing import Any

from bot.ideas.lineage import shared_with
from bot.ideas.store import Ideas
from bot.spreadsheet import safe_cell

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


def idea_rows(store: Ideas, trust_id: int | None = None) -> list[dict[str, Any]]:
    """One row per idea (one trust's, or every trust's), for the export."""
    ideas = store.in_order(trust_id)
    backers = store.supporter_names()
    teams = store.team_names()
    people = store.people_names()
    measures = store.measure_names()
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
            "shared_with": "; ".join(shared_with(store, i)),
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
