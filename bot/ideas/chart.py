"""A measure's chart for an idea's celebration, exactly as `/huddle chart` draws it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.charting.chart import measure_chart as huddle_chart
from bot.messages import Chart
from bot.stores.tables.core import Measure, Team


def measure_chart(session: Session, measure: Measure, today: date) -> Chart | None:
    """The measure's chart exactly as `/huddle chart` draws it (tests of change marked);
    None when nothing is recorded."""
    team = session.get(Team, measure.team_id)
    return huddle_chart(session, team, measure, today) if team else None
