"""The one-line SPC signal: under a huddle confirmation, and per measure on the huddle board."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.huddle_charts.series import direction, history
from bot.spc import XmrOptions, analyse_xmr, latest_signal_sentence
from bot.stores.tables.core import Measure, Reading, Team

log = logging.getLogger(__name__)


def measure_signal(session: Session, measure: Measure, today: date) -> str | None:
    """ "Falls: 7 points in a row below the mean — improvement" when the latest value (up to
    `today`) is a special cause, with the team's change points applied; None otherwise."""
    past = history(session, measure, today)
    if not past.enough_for_limits:
        return None
    rebase = [d for d, _ in past.rebases]
    try:
        options = XmrOptions(improvement_direction=direction(measure), rebase=tuple(rebase))
        limits = analyse_xmr(past.dates, past.values, options).groups[-1]
        if limits.upl is None or limits.lpl is None or limits.upl <= limits.lpl:
            return None  # rare events (almost every day 0): limits collapse, signals mean nothing
        return latest_signal_sentence(
            measure.name, past.dates, past.values, direction(measure), rebase=rebase
        )
    except Exception:  # a signal line must never cost the reply it sits under
        log.exception("no SPC signal for measure %s", measure.id)
        return None


def after_record(ctx: Context, team: Team, day: date, saved: Sequence[Any]) -> list[str]:
    """For `routes.HUDDLE_AFTER_RECORD`: a line for each measure whose value for `day` is now
    its latest and a special cause. Earlier days recorded late say nothing."""
    lines = []
    for item in saved:
        measure: Measure = item.measure
        if _latest_day(ctx.session, measure) != day:
            continue
        line = measure_signal(ctx.session, measure, day)
        if line:
            lines.append(line)
    return lines


def _latest_day(session: Session, measure: Measure) -> date | None:
    return session.scalar(
        select(func.max(Reading.day)).where(
            Reading.measure_id == measure.id, Reading.superseded_at.is_(None)
        )
    )
