"""A measure's chart for an idea's celebration, exactly as `/huddle chart` draws it."""

from __future__ import annotations

from datetime import date

from bot.charting.chart import measure_chart as huddle_chart
from bot.ideas.store import Ideas
from bot.messages import Chart
from bot.stores.tables.core import Measure


def measure_chart(ideas: Ideas, measure: Measure, today: date) -> Chart | None:
    """The measure's chart exactly as `/huddle chart` draws it (tests of change marked);
    None when nothing is recorded."""
    team = ideas.team(measure.team_id)
    return huddle_chart(ideas.session, team, measure, today) if team else None
