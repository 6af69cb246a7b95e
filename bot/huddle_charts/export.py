"""The summary table as CSV that a spreadsheet can never run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.huddle_charts.summary import SummaryLine

COLUMNS = (
    "division",
    "team",
    "measure",
    "latest_date",
    "latest",
    "unit",
    "target",
    "points",
    "variation_icon",
    "variation",
    "assurance_icon",
    "assurance",
)
RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text starting like a formula gets a leading `'`; numbers stay numbers, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(RISKY) else text


def summary_csv(lines: Sequence[SummaryLine]) -> str:
    """One row per team × measure, with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in lines:
        row = (
            line.division,
            line.team,
            line.measure,
            line.latest_day,
            line.latest,
            line.unit,
            line.target,
            line.points,
            line.variation_icon,
            line.variation,
            line.assurance_icon,
            line.assurance,
        )
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
