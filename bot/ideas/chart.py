"""Ideas on charts: where tests of change started, and a measure's chart for a celebration."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Chart
from bot.stores.tables.core import Measure, Team
from bot.stores.tables.ideas import Idea


def tested_ideas(session: Session, team_id: int, measure_key: str) -> list[tuple[date, str]]:
    """The start of every test of change on one team's measure: (start date, label), by date."""
    rows = session.scalars(
        select(Idea)
        .join(Measure, Measure.id == Idea.measure_id)
        .where(
            Idea.team_id == team_id,
            Measure.key == measure_key,
            Idea.test_start.is_not(None),
        )
        .order_by(Idea.test_start, Idea.number)
    )
    return [(i.test_start, f"Idea #{i.number} test") for i in rows if i.test_start]


def measure_chart(session: Session, measure: Measure, today: date) -> Chart | None:
    """The measure's chart exactly as `/huddle chart` draws it (tests of change marked);
    None when the charts capability is not in this build or nothing is recorded."""
    try:
        from bot.charting.chart import measure_chart as huddle_chart
    except ImportError:
        return None
    team = session.get(Team, measure.team_id)
    return huddle_chart(session, team, measure, today) if team else None
