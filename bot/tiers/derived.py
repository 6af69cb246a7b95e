"""A tier measure made from its teams' measures, day by day, so it is charted and judged like any
measure (same chart choice, same fixed limits):

- `sum_of: falls`: the sum of the teams' values that day (teams that recorded nothing add none);
- `mean_of: staffing`: their mean, weighted by nothing (each team alike), by `weighted_by: <key>`
  (another measure of each team the same day, e.g. its planned hours), or by
  `weighted_by: denominator` (each reading's own whole: 23/25 weighs 25).

A day on which no team has a value (or every weight is missing) is a gap, never zero.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Measure, Reading, Team

DENOMINATOR = "denominator"


def derivation(measure: Measure) -> dict[str, str]:
    try:
        found = json.loads(measure.derived_json or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _teams(session: Session, seat: Team) -> list[int]:
    """The wards under a seat: its division's, or the trust's all."""
    query = select(Team.id).where(
        Team.trust_id == seat.trust_id, Team.tier == "team", Team.retired_at.is_(None)
    )
    if seat.tier == "division":
        query = query.where(Team.division_id == seat.division_id)
    return list(session.scalars(query))


def _readings(
    session: Session, team_ids: list[int], key: str, last: date, first: date | None
) -> dict[tuple[int, date], Reading]:
    """Each team's current reading of measure `key`, by (team, day)."""
    query = (
        select(Reading, Measure.team_id)
        .join(Measure, Measure.id == Reading.measure_id)
        .where(
            Measure.team_id.in_(team_ids),
            Measure.key == key,
            Reading.day <= last,
            Reading.superseded_at.is_(None),
        )
    )
    if first is not None:
        query = query.where(Reading.day >= first)
    found: dict[tuple[int, date], Reading] = {}
    for reading, team_id in session.execute(query.order_by(Reading.recorded_at, Reading.id)):
        found[(team_id, reading.day)] = reading  # a later reading of a day wins
    return found


def derived_values(
    session: Session, measure: Measure, last: date, first: date | None = None
) -> dict[date, float]:
    """The derived measure's value of each day up to `last` (from `first`), by day."""
    rule = derivation(measure)
    seat = session.get(Team, measure.team_id)
    if seat is None or not rule:
        return {}
    teams = _teams(session, seat)
    if not teams:
        return {}
    if "sum_of" in rule:
        sums: dict[date, float] = defaultdict(float)
        for (_, day), reading in _readings(session, teams, rule["sum_of"], last, first).items():
            sums[day] += reading.value
        return dict(sorted(sums.items()))
    values = _readings(session, teams, rule.get("mean_of", ""), last, first)
    weigh = rule.get("weighted_by")
    weights = (
        _readings(session, teams, weigh, last, first) if weigh not in (None, DENOMINATOR) else {}
    )
    totals: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (team_id, day), reading in values.items():
        if weigh is None:
            weight: float | None = 1.0
        elif weigh == DENOMINATOR:
            weight = reading.denominator
        else:
            found = weights.get((team_id, day))
            weight = found.value if found is not None else None
        if weight is None or weight <= 0:
            continue
        totals[day][0] += reading.value * weight
        totals[day][1] += weight
    return {day: total / weight for day, (total, weight) in sorted(totals.items()) if weight > 0}
