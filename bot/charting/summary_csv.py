"""The summary table as CSV that a spreadsheet can never run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.charting.queries import division_named, first_trust, ward_teams
from bot.charting.summary import SummaryLine, summary_lines
from bot.spreadsheet import safe_cell
from bot.stores.tables.core import Team

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
    "chart",
    "mean",
    "lower_limit",
    "upper_limit",
    "baseline",
)


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


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
            line.chart,
            _rounded(line.mean),
            _rounded(line.lower_limit),
            _rounded(line.upper_limit),
            line.baseline,
        )
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def summary_for_export(
    session: Session, now: datetime, as_of: date | None = None, division_key: str | None = None
) -> list[SummaryLine] | None:
    """Every team's measures (one division's when given; None if there is no such division),
    as of `as_of` or each team's local today."""
    trust = first_trust(session)
    if trust is None:
        return []
    division = None
    if division_key:
        division = division_named(session, trust.id, division_key)
        if division is None:
            return None
    teams = ward_teams(session, trust.id, division, retired=True)

    def today_of(team: Team) -> date:
        return as_of or now.astimezone(ZoneInfo(team.timezone)).date()

    return summary_lines(session, teams, today_of)
