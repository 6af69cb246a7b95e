"""Readings in a CSV file: the columns `huddlebot export readings` writes (team, measure,
date, value, numerator, denominator, source, recorded_at), read as fed items by line."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds.items import ItemProblem
from bot.huddle.readings import CURRENT
from bot.spreadsheet import formula_risk, safe_cell
from bot.stores.tables.core import Measure, Reading, Team

COLUMNS = ("team", "measure", "date", "value", "numerator", "denominator", "source", "recorded_at")
REQUIRED = ("team", "measure", "date", "source")
FIRST_LINE = 2  # line 1 is the header


def line_of(index: int) -> int:
    return index + FIRST_LINE


def _cell(text: str | None) -> str:
    """A cell as written, without the `'` an export puts before text a spreadsheet might run."""
    text = (text or "").strip()
    return text[1:] if text.startswith("'") and formula_risk(text[1:]) else text


def read_rows(text: str) -> tuple[list[dict[str, Any]], list[ItemProblem]]:
    """Each line as an item (`recorded_at` and unknown columns dropped), and the problems with
    the file's shape (index -1 is the header: then there are no items)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if not header:
        return [], [ItemProblem(-1, "", "the file is empty: it needs a header line")]
    if missing:
        return [], [ItemProblem(-1, c, "the header has no such column") for c in missing]
    if "value" not in header and not {"numerator", "denominator"} <= set(header):
        need = "the header needs value (or numerator and denominator)"
        return [], [ItemProblem(-1, "value", need)]
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    problems: list[ItemProblem] = []
    try:
        for index, raw in enumerate(reader):
            if None in raw:
                problems.append(
                    ItemProblem(index, "", f"has more cells than the header's {len(header)}")
                )
            row = {c: _cell(raw.get(c)) for c in COLUMNS[:-1] if c in raw}
            if row.get("numerator") or row.get("denominator"):
                row.pop("value", None)  # the value an export writes beside its two parts
            else:
                row.pop("numerator", None), row.pop("denominator", None)
            rows.append(row)
    except csv.Error as error:
        problems.append(ItemProblem(reader.line_num - FIRST_LINE, "", f"is not CSV ({error})"))
    return rows, problems


def readings_csv(session: Session, team_key: str | None = None) -> tuple[str, int]:
    """Every current reading of every measure that is not anonymous, oldest day first, as the
    import reads it: `source` is the feed's name, or how staff recorded it (chat, form …)."""
    query = (
        select(Team.key, Measure.key, Reading)
        .join(Measure, Measure.id == Reading.measure_id)
        .join(Team, Team.id == Measure.team_id)
        .where(CURRENT, Measure.anonymous.is_(False))
        .order_by(Team.key, Measure.position, Reading.day, Reading.id)
    )
    if team_key:
        query = query.where(Team.key == team_key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for team, measure, reading in session.execute(query).tuples():
        row = (
            team,
            measure,
            reading.day,
            reading.value,
            reading.numerator,
            reading.denominator,
            reading.feed or reading.source,
            reading.recorded_at,
        )
        writer.writerow([safe_cell(v) for v in row])
        count += 1
    return out.getvalue(), count
