"""The one-line SPC signal: under a huddle confirmation, and per measure on the huddle board,
with the rebase the analysis suggests offered to the team lead (never made automatically): in
the reply when the team lead records, and on the board."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.charting.analysis import MeasureAnalysis, analyse
from bot.context import Context
from bot.huddle.readings import latest_day
from bot.stores.tables.core import Measure, Team

log = logging.getLogger(__name__)


def measure_analysis(session: Session, measure: Measure, today: date) -> MeasureAnalysis | None:
    """The measure's one analysis up to `today`; None if it cannot be had (logged by id)."""
    team = session.get(Team, measure.team_id)
    if team is None:
        return None
    try:
        return analyse(session, team, measure, today)
    except Exception:  # a signal line must never cost the reply it sits under
        log.exception("no SPC analysis for measure %s", measure.id)
        return None


def signal_lines(analysis: MeasureAnalysis | None, lead: bool = False) -> list[str]:
    """The latest point's signal in a sentence, and, for a team lead, an offered rebase."""
    if analysis is None:
        return []
    lines = [analysis.signal] if analysis.signal else []
    if lead and analysis.rebase_offer:
        lines.append(f"For the team lead: {analysis.rebase_offer}")
    return lines


def measure_signal(session: Session, measure: Measure, today: date) -> str | None:
    """ "Falls: 7 points in a row below the mean — improvement" when the latest value (up to
    `today`) is a special cause, with the team's change points applied; None otherwise."""
    analysis = measure_analysis(session, measure, today)
    return analysis.signal if analysis else None


def after_record(ctx: Context, team: Team, day: date, saved: Sequence[Any]) -> list[str]:
    """For `routes.HUDDLE_AFTER_RECORD`: lines for each measure whose value for `day` is now
    its latest and a special cause (and a rebase offered when the team lead records). Earlier
    days recorded late say nothing."""
    lines = []
    lead = ctx.actor.leads(team)
    for item in saved:
        measure: Measure = item.measure
        if latest_day(ctx.session, measure) != day:
            continue
        lines += signal_lines(measure_analysis(ctx.session, measure, day), lead)
    return lines
