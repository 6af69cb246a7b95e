"""Planning and saving the rota: propose from the trust's set-up and history, apply with timers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Team, Trust
from bot.stores.tables.visits import Visit
from bot.visits.model import Plan
from bot.visits.planner import plan_visits
from bot.visits.setup import VisitSetup
from bot.visits.store import add_visit, note_change, rota, split
from bot.visits.timers import schedule_visit, unschedule_visit


def propose(session: Session, trust: Trust, setup: VisitSetup, start: date, weeks: int) -> Plan:
    """A fair rota for `weeks` weeks from `start`, knowing the visits before `start`."""
    _, history = split(rota(session, trust.id), start)
    holidays = setup.bank_holidays(start, start + timedelta(weeks=weeks))
    return plan_visits(setup.areas, setup.leaders, setup.rules, start, weeks, holidays, history)


def apply_plan(
    session: Session, trust: Trust, setup: VisitSetup, plan: Plan, start: date, now: datetime
) -> list[Visit]:
    """Save a plan: visits still planned from `start` on are replaced, reminders are set."""
    old = session.scalars(
        select(Visit).where(
            Visit.trust_id == trust.id, Visit.status == "planned", Visit.day >= start
        )
    )
    for visit in old:
        unschedule_visit(session, visit)
        visit.status = "replaced"
        note_change(session, visit, None, now, "replaced", "a new rota was applied")
    teams = {t.key: t for t in session.scalars(select(Team).where(Team.trust_id == trust.id))}
    saved = []
    for planned in plan.visits:
        team = teams[planned.team_key]
        visit = add_visit(session, trust.id, team.id, planned, now)
        note_change(session, visit, None, now, "planned")
        schedule_visit(session, visit, team, now, setup.duration_minutes)
        saved.append(visit)
    return saved
