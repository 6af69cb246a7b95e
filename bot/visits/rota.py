"""Planning and saving the rota: propose from the trust's set-up and history, apply with timers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.schedule.visit_timers import schedule_visit, tell_cancelled, unschedule_visit
from bot.stores.tables.core import Trust
from bot.stores.tables.visits import Visit
from bot.visits.model import Plan
from bot.visits.planner import plan_visits
from bot.visits.setup import VisitSetup
from bot.visits.store import Visits, split


def propose(visits: Visits, trust: Trust, setup: VisitSetup, start: date, weeks: int) -> Plan:
    """A fair rota for `weeks` weeks from `start`, knowing the visits before `start`."""
    _, history = split(visits.rota(trust.id), start)
    holidays = setup.bank_holidays(start, start + timedelta(weeks=weeks))
    return plan_visits(setup.areas, setup.leaders, setup.rules, start, weeks, holidays, history)


def kept_until(visits: Visits, trust: Trust, start: date) -> date | None:
    """The day of the last visit already planned from `start` on (planned, and so announced to
    their leaders): a plan that keeps them starts the day after it."""
    kept = visits.planned_from(trust.id, start)
    return kept[-1].day if kept else None


def cancel_visits(store: Visits, visits: list[Visit], now: datetime, why: str) -> None:
    """Take visits off the rota: reminders stop, and their leaders and team are told."""
    for visit in visits:
        unschedule_visit(store.session, visit)
        visit.status = "replaced"
        store.note_change(visit, None, now, "replaced", why)
        tell_cancelled(store.session, visit, now)


def apply_plan(
    visits: Visits, trust: Trust, setup: VisitSetup, plan: Plan, start: date, now: datetime
) -> list[Visit]:
    """Save a plan from `start`, replacing (and telling) the visits still planned from then on;
    callers that keep them plan from after the last one instead (see `kept_until`)."""
    cancel_visits(visits, visits.planned_from(trust.id, start), now, "a new rota was applied")
    teams = {t.key: t for t in visits.teams(trust.id)}
    saved = []
    for planned in plan.visits:
        team = teams[planned.team_key]
        visit = visits.add(trust.id, team.id, planned, now)
        visits.note_change(visit, None, now, "planned")
        schedule_visit(visits.session, visit, team, now, setup.duration_minutes)
        saved.append(visit)
    return saved
