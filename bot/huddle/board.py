"""`/huddle board`: each measure's latest value and 7-day trend, days since the last harm,
huddles held, open escalations, ideas being tested and, where there is one, the SPC signal
(and a rebase the analysis suggests, offered to the team lead)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.charting.signal import measure_analysis
from bot.charting.words import since_note
from bot.context import Context
from bot.huddle import anonymous
from bot.huddle.access import which_team
from bot.huddle.days import written, written_at
from bot.huddle.escalations import Escalations
from bot.huddle.huddle_log import held_days
from bot.huddle.measures import label, team_measures
from bot.huddle.readings import Readings
from bot.huddle.values import shown
from bot.messages import Outbound, Text
from bot.stores.tables.core import Measure, Team

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """`▂▅▁·▃▇▄`: one character a day, `·` where nothing was recorded."""
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    lo, hi = min(known), max(known)
    span = hi - lo
    return "".join(
        "·" if v is None else BARS[3] if span == 0 else BARS[round((v - lo) / span * 7)]
        for v in values
    )


def _analysis_lines(session: Session, measure: Measure, today: date) -> list[str]:
    """Days since the last harm, the SPC signal and an offered rebase, from the measure's one
    chart analysis (the same verdict as its chart and the summary)."""
    analysis = measure_analysis(session, measure, today)
    if analysis is None:
        return []
    lines = []
    since = since_note(analysis)
    if since:
        lines.append(since.rstrip("."))
    if analysis.signal:
        lines.append(f"SPC: {analysis.signal}")
    if analysis.rebase_offer:
        lines.append(f"For the team lead: {analysis.rebase_offer}")
    return lines


def measure_lines(session: Session, measure: Measure, today: date) -> list[str]:
    week = [today - timedelta(days=i) for i in range(6, -1, -1)]
    found = Readings(session)
    values = found.daily_values(measure, today, week[0])
    trend = sparkline([values.get(d) for d in week])
    if measure.anonymous:
        yesterday = today - timedelta(days=1)
        latest = (
            f"yesterday {anonymous.summary(session, measure, yesterday, today)}; "
            f"today {anonymous.NOT_SHOWN_YET} (answers close at midnight)"
        )
    else:
        recent = found.latest(measure, today)
        latest = (
            "nothing recorded yet"
            if recent is None
            else shown(measure, recent.typed).removeprefix(label(measure) + " ")
            + ("" if recent.day == today else f" ({written(recent.day)})")
        )
    line = f"{measure.name}: {latest}   last 7 days {trend}"
    return [line, *(f"   {extra}" for extra in _analysis_lines(session, measure, today))]


def _escalations(session: Session, team: Team) -> list[str]:
    items = Escalations(session).open([team.id])
    return [
        f"#{e.id} “{e.text}” — {e.state if e.state != 'open' else 'waiting'}, respond by "
        f"{written_at(e.respond_by, team.timezone)}"
        for e in items
    ]


def _ideas(ctx: Context, team: Team) -> list[str]:
    """Ideas being tested, from the board hooks in the bot's route table (the ideas capability)."""
    lines: list[str] = []
    for hook in ctx.routes.board_lines:
        lines += [line for line in hook(ctx, team) or [] if line]
    return lines


def board(ctx: Context, args: str) -> list[Outbound]:
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    today = ctx.local_now(team).date()
    lines: list[str] = []
    for measure in team_measures(ctx.session, team):
        lines += measure_lines(ctx.session, measure, today)
    lines.append(f"Huddles held: {held_days(ctx.session, team, today)} of the last 7 days")
    escalations = _escalations(ctx.session, team)
    lines.append("Open escalations:" + ("" if escalations else " none"))
    lines += [f"   {e}" for e in escalations]
    ideas = _ideas(ctx, team)
    lines.append("Ideas being tested:" + ("" if ideas else " none"))
    lines += [f"   {i}" for i in ideas]
    heading = f"{team.name} huddle board, {written(today)}"
    return [ctx.show(Text("\n".join(lines), heading))]
