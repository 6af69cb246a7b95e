"""Ideas on charts: where tests of change started, and a measure's chart for a celebration."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Chart
from bot.stores.tables.core import Measure, Reading
from bot.stores.tables.ideas import Idea

DIRECTIONS = {"up": "increase", "down": "decrease"}
DAYS = 90


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
    """The measure's last 90 days as an XmR chart with test starts marked; None without charts."""
    try:
        from bot.charts import chart_message
        from bot.charts.spec import ChartSpec
    except ImportError:  # charts not installed in this build
        return None
    since = today - timedelta(days=DAYS)
    rows = session.execute(
        select(Reading.day, Reading.value)
        .where(
            Reading.measure_id == measure.id,
            Reading.superseded_at.is_(None),
            Reading.day >= since,
            Reading.day <= today,
        )
        .order_by(Reading.day, Reading.id)
    ).all()
    by_day = {day: value for day, value in rows}  # a later reading of a day wins
    if len(by_day) < 2:
        return None
    spec = ChartSpec(
        title=measure.name,
        kind="xmr",
        dates=tuple(by_day),
        values=tuple(by_day.values()),
        unit=measure.unit,
        target=measure.target,
        improvement_direction=DIRECTIONS.get(measure.direction, "neutral"),
        markers=tuple(tested_ideas(session, measure.team_id, measure.key)),
    )
    return chart_message(spec)
