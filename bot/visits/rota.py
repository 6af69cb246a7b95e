"""Planning and saving the rota: propose from the trust's set-up and history, apply with timers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schedule.visit_timers import schedule_visit, tell_cancelled, unschedule_visit
from bot.stores.tables.core import Team, Trust
from bot.stores.tables.visits import Visit
from bot.visits.model import Plan
from bot.visits.planner import plan_visits
from bot.visits.setup import VisitSetup
from bot.visits.store import add_visit, note_change, rota, split


def propose(session: Session, trust: Trust, setup: VisitSetup, start: date, weeks: int) -> Plan:
    """A fair rota for `weeks` weeks from `start`, knowing the visits before `start`."""
    _, history = split(rota(session, trust.id), start)
    holidays = setup.bank_holidays(start, start + timedelta(weeks=weeks))
    return plan_visits(setup.areas, setup.leaders, setup.rules, start, weeks, holidays, history)


def planned_from(session: Session, trust: Trust, start: date) -> list[Visit]:
    """Visits already on the rota (planned, and so announced to their leaders) from `start` on."""
    return list(
        session.scalars(
            select(Visit)
            .where(Visit.trust_id == trust.id, Visit.status == "planned", Visit.day >= start)
            .order_by(Visit.day, Visit.at_time)
        )
    )


def kept_until(session: Session, trust: Trust, start: date) -> date | None:
    """The day of the last visit already planned from `start` on: a plan that keeps them starts
    the day after it."""
    kept = planned_from(session, trust, start)
    return kept[-1].day if kept else None


def cancel_visits(session: Session, visits: list[Visit], now: datetime, why: str) -> None:
    """Take visits off the rota: reminders stop, and their leaders and team are told."""
    for visit in visits:
        unschedule_visit(session, visit)
        visit.status = "replaced"
        note_change(session, visit, None, now, "replaced", why)
        tell_cancelled(session, visit, now)


def apply_plan(
    session: Session, trust: Trust, setup: VisitSetup, plan: Plan, start: date, now: datetime
) -> list[Visit]:
    """Save a plan from `start`, replacing (and telling) the visits still planned from then on;
    callers that keep them plan from after the last one instead (see `kept_until`)."""
    cancel_visits(session, planned_from(session, trust, start), now, "a new rota was applied")
    teams = {t.key: t for t in session.scalars(select(Team).where(Team.trust_id == trust.id))}
    saved = []
    for planned in plan.visits:
        team = teams[planned.team_key]
        visit = add_visit(session, trust.id, team.id, planned, now)
        note_change(session, visit, None, now, "planned")
        schedule_visit(session, visit, team, now, setup.duration_minutes)
        saved.append(visit)
    return saved
