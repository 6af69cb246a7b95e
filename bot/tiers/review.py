"""What a tier reviews: open escalations (overdue first), which teams (or divisions) held their
huddle today, and the signals in their measures since the tier last met. Shared by the tier
prompt and the tier board."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.charting.series import huddle_weekdays
from bot.charting.signal import measure_analysis
from bot.huddle.days import written, written_at
from bot.huddle.escalations import Escalations
from bot.huddle.huddle_log import held_by, last_held_before
from bot.huddle.measures import team_measures
from bot.huddle.teams import has_slots
from bot.schedule.bank import bank_holiday
from bot.stores.tables.core import Division, Team, Trust
from bot.tiers.seats import active_divisions, division_seat, wards

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIRST_LOOK = 7  # days of signals shown before a tier's first huddle


def age(since: datetime, now: datetime) -> str:
    """`40 min`, `5 h`, `3 days`."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def escalation_lines(session: Session, seat: Team, now: datetime) -> list[str]:
    """`#3 Ward 7: “…” — OVERDUE (respond by …), raised 2 days ago`, overdue first."""
    items = Escalations(session).waiting_at(seat)
    items.sort(key=lambda e: (e.respond_by >= now, e.respond_by, e.id))
    lines = []
    for item in items:
        team = session.get(Team, item.team_id)
        where = team.name if team else "a team"
        if seat.tier == "trust" and team is not None and team.tier == "team":
            division = session.get(Division, item.division_id)
            where += f" ({division.name})" if division else ""
        state = "acknowledged" if item.state == "acknowledged" else "waiting"
        due = written_at(item.respond_by, seat.timezone)
        when = f"OVERDUE, respond by was {due}" if item.respond_by < now else f"respond by {due}"
        why = f" Sent on: “{item.onward_reason}”." if item.onward_reason else ""
        lines.append(
            f"#{item.id} {where}: “{item.text}” — {state} {age(item.raised_at, now)}, {when}.{why}"
        )
    return lines


def _huddles_on(session: Session, team: Team, day: date, region: str) -> bool:
    weekdays, skip_holidays = huddle_weekdays(session, team.id)
    if day.weekday() not in weekdays:
        return False
    return not (skip_holidays and bank_holiday(day, region))


def held_lines(session: Session, seat: Team, trust: Trust, day: date) -> list[str]:
    """Who held their huddle today and who has not: a division's teams, or the trust's
    divisions' tier-2 huddles."""
    region = trust.bank_holiday_region
    if seat.tier == "division":
        places = wards(session, seat.trust_id, seat.division_id)
        what = "Team huddles today"
    else:
        places = [
            s
            for d in active_divisions(session, trust.id)
            if has_slots(session, s := division_seat(session, d)) and s is not None
        ]
        what = "Tier-2 huddles today"
    due = [p for p in places if _huddles_on(session, p, day, region)]
    done = held_by(session, [p.id for p in due], day)
    held = [p.name for p in due if p.id in done]
    missing = [p.name for p in due if p.id not in done]
    lines = [
        f"{what}: held by {', '.join(held) or 'none yet'}; "
        f"not held yet: {', '.join(missing) or 'none'}."
    ]
    if seat.tier == "trust":
        divisions = active_divisions(session, trust.id)
        without = [d.name for d in divisions if not has_slots(session, division_seat(session, d))]
        if without:
            lines.append(f"No tier-2 huddle set up: {', '.join(without)}.")
    return lines


def signal_lines(session: Session, seat: Team, day: date) -> tuple[str, list[str]]:
    """The heading (since when) and one line per measure whose latest point, recorded since
    the tier last met, is a special cause, by the same analysis as the charts."""
    since = last_held_before(session, seat, day)
    start = since + timedelta(days=1) if since else day - timedelta(days=FIRST_LOOK)
    heading = (
        f"Signals since the last {tier_word(seat)} huddle ({written(since)})"
        if since
        else f"Signals in the last {FIRST_LOOK} days"
    )
    teams = wards(session, seat.trust_id, seat.division_id if seat.tier == "division" else None)
    if seat.tier == "trust":  # the divisions' own and derived measures too
        teams += [
            s
            for d in active_divisions(session, seat.trust_id, by_key=False)
            if (s := division_seat(session, d)) is not None
        ]
    lines = []
    for team in [*teams, seat]:
        for measure in team_measures(session, team):
            analysis = measure_analysis(session, measure, day)
            latest = analysis.latest if analysis else None
            if analysis is None or not analysis.signal or latest is None or latest[0] < start:
                continue
            lines.append(f"{team.name} — {analysis.signal}")
    return heading, lines


def tier_word(seat: Team) -> str:
    return "tier-2" if seat.tier == "division" else "tier-3"
