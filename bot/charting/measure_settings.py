"""What the chart analysis needs of a measure: its `MeasureSpec` (from its kind) and the
Making Data Count settings that apply to it (the trust's `charts:`, then the measure's own)."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy.orm import Session

from bot.huddle.kinds import kind_of
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.stores.tables.core import Measure, Team, Trust

log = logging.getLogger(__name__)
DIRECTIONS = {"up": "increase", "down": "decrease"}


def spec_of(measure: Measure) -> MeasureSpec:
    """The measure as the analysis sees it: kind, better direction, target, bounds, aggregation."""
    kind = kind_of(measure)
    low, high = kind.bounds(measure)
    return MeasureSpec(
        kind=kind.name,
        direction=DIRECTIONS.get(measure.direction, "neutral"),
        target=measure.target,
        minimum=low,
        maximum=high,
        aggregate=measure.aggregate or "day",
        unit=kind.unit(measure),
    )


def trust_charts(trust: Trust) -> dict[str, Any]:
    """The trust's own `charts:` options, as configured (only the keys it sets)."""
    charts = json.loads(trust.settings_json or "{}").get("charts") or {}
    return dict(charts) if isinstance(charts, dict) else {}


def measure_charts(measure: Measure) -> dict[str, Any]:
    """The measure's own `charts:` options, as configured (only the keys it sets)."""
    charts = json.loads(measure.charts_json or "{}")
    return dict(charts) if isinstance(charts, dict) else {}


def chart_settings_of(where: Session | Trust, measure: Measure) -> ChartSettings:
    """The reference defaults, overridden by the trust's `charts:`, then by the measure's."""
    trust = where if isinstance(where, Trust) else _trust(where, measure)
    settings = ChartSettings()
    for source, changes in (
        ("trust", trust_charts(trust) if trust else {}),
        ("measure", measure_charts(measure)),
    ):
        try:
            settings = settings.overridden(changes)
        except (TypeError, ValueError) as error:  # stored by an older check: keep the rest
            log.warning("measure %s: %s chart settings ignored (%s)", measure.id, source, error)
    return settings


def _trust(session: Session, measure: Measure) -> Trust | None:
    team = session.get(Team, measure.team_id)
    return session.get(Trust, team.trust_id) if team is not None else None
