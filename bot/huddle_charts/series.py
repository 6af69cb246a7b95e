"""A measure's values over time, its change points, and the chart spec that draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.charts.spec import ChartSpec
from bot.huddle.kinds import kind_of
from bot.spc.options import RunOptions, XmrOptions
from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import Measure, Reading

DAYS = 90
ENOUGH_FOR_LIMITS = 13  # fewer points than this: a run chart, limits come later
DIRECTIONS = {"up": "increase", "down": "decrease"}


@dataclass(frozen=True)
class History:
    """A measure's current value per day (oldest first) and its change points in that window."""

    dates: tuple[date, ...]
    values: tuple[float, ...]
    rebases: tuple[tuple[date, str], ...]  # (first day charted after the change, reason)

    @property
    def enough_for_limits(self) -> bool:
        return len(self.dates) >= ENOUGH_FOR_LIMITS


def direction(measure: Measure) -> str:
    """The analysis's improvement direction for a measure (`up` → `increase`)."""
    return DIRECTIONS.get(measure.direction, "neutral")


def daily_values(session: Session, measure: Measure, first: date, last: date) -> dict[date, float]:
    """The current value (not superseded) of each day in [first, last], by day."""
    rows = session.execute(
        select(Reading.day, Reading.value)
        .where(
            Reading.measure_id == measure.id,
            Reading.day >= first,
            Reading.day <= last,
            Reading.superseded_at.is_(None),
        )
        .order_by(Reading.day, Reading.recorded_at, Reading.id)
    )
    return {day: value for day, value in rows}  # a later reading of a day wins


def rebases_of(session: Session, measure: Measure) -> list[Rebase]:
    return list(
        session.scalars(select(Rebase).where(Rebase.measure_id == measure.id).order_by(Rebase.day))
    )


def history(session: Session, measure: Measure, today: date, days: int = DAYS) -> History:
    """The last `days` days up to `today`, with each change point moved onto the first day that
    has a value (the analysis starts a new group only at a charted row)."""
    values = daily_values(session, measure, today - timedelta(days=days - 1), today)
    dates = tuple(sorted(values))
    starts: dict[date, str] = {}
    for rebase in rebases_of(session, measure):
        first = next((d for d in dates if d >= rebase.day), None)
        if first is not None and first != dates[0]:
            starts[first] = rebase.reason
    return History(dates, tuple(values[d] for d in dates), tuple(sorted(starts.items())))


def tested_ideas(session: Session, measure: Measure) -> list[tuple[date, str]]:
    """Where tests of change on this measure started, if the ideas capability is here."""
    try:
        from bot.ideas.chart import tested_ideas as starts
    except ImportError:
        return []
    return starts(session, measure.team_id, measure.key)


def chart_spec(session: Session, measure: Measure, past: History, title: str = "") -> ChartSpec:
    """An XmR chart (a run chart while there are too few points), with change points and the
    starts of tested ideas marked."""
    rebase_days = tuple(d for d, _ in past.rebases)
    options: XmrOptions | RunOptions
    if past.enough_for_limits:
        kind, options = "xmr", XmrOptions(rebase=rebase_days)
    else:
        positions = tuple(past.dates.index(d) for d in rebase_days)
        kind, options = "run", RunOptions(part=positions)
    markers = [(d, f"Rebased: {reason}") for d, reason in past.rebases]
    taken = set(rebase_days)
    markers += [
        (d, label)
        for d, label in tested_ideas(session, measure)
        if past.dates and past.dates[0] <= d <= past.dates[-1] and d not in taken
    ]
    return ChartSpec(
        title=title or measure.name,
        kind=kind,
        dates=past.dates,
        values=past.values,
        options=options,
        unit=measure.unit or ("percent" if kind_of(measure).unit(measure) == "%" else ""),
        target=measure.target,
        improvement_direction=direction(measure),
        markers=tuple(sorted(markers)),
    )
