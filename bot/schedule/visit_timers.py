"""When a visit's reminders fall due, set through the scheduler's one-off timers (each fires once).

Leader reminders are keyed per visit and leader, so a leader who takes over a visit gets their
own; the team notice is keyed per visit. All are keyed on the visit's date, so a visit that moves
has its old timers cancelled and new ones set.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.schedule.timers import cancel_timer, set_timer
from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit, VisitAction
from bot.visits.store import Visits, names

WEEK_BEFORE = "visits.week_before"
MORNING = "visits.morning"
TEAM_NOTICE = "visits.team_notice"
NOTES_PROMPT = "visits.notes_prompt"
ACTION_OVERDUE = "visits.action_overdue"
CANCELLED = "visits.cancelled"
LEADER_KINDS = (WEEK_BEFORE, MORNING, NOTES_PROMPT)


def _utc(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def leader_times(visit: Visit, duration_minutes: int) -> dict[str, tuple[date, time]]:
    """Local day and time of each leader reminder: 09:00 a week before, 08:00 on the day (an hour
    before an early visit), and the notes prompt at 16:00 or an hour after the visit ends."""
    starts = time.fromisoformat(visit.at_time)
    start_dt = datetime.combine(visit.day, starts)
    morning = min(time(8), (start_dt - timedelta(hours=1)).time())
    after = (start_dt + timedelta(minutes=duration_minutes + 60)).time()
    if after < starts:  # past midnight: ask at the end of the day instead
        after = time(21)
    return {
        WEEK_BEFORE: (visit.day - timedelta(days=7), time(9)),
        MORNING: (visit.day, morning),
        NOTES_PROMPT: (visit.day, max(time(16), after)),
    }


def leader_slot(visit: Visit, person_id: int) -> str:
    return f"v{visit.number}:p{person_id}"


def schedule_leader(
    session: Session, visit: Visit, team: Team, person_id: int, now: datetime, duration: int
) -> None:
    """Set one leader's reminders for a visit; those already past are not set."""
    for kind, (day, at) in leader_times(visit, duration).items():
        due_at = _utc(day, at, team.timezone)
        if due_at > now:
            set_timer(
                session,
                kind,
                due_at,
                team_id=team.id,
                local_date=visit.day,
                slot=leader_slot(visit, person_id),
                ref=f"visit:{visit.number}:{person_id}",
                now=now,
            )


def unschedule_leader(session: Session, visit: Visit, person_id: int) -> None:
    for kind in LEADER_KINDS:
        cancel_timer(
            session,
            kind,
            team_id=visit.team_id,
            local_date=visit.day,
            slot=leader_slot(visit, person_id),
        )


def schedule_visit(
    session: Session, visit: Visit, team: Team, now: datetime, duration: int = 60
) -> None:
    """Set every reminder for a visit: each leader's, and the team's notice two days before."""
    for name in names(visit):
        person = Visits(session).person_named(visit.trust_id, name)
        if person is not None:
            schedule_leader(session, visit, team, person.id, now, duration)
    notice_at = _utc(visit.day - timedelta(days=2), time(9), team.timezone)
    if notice_at > now:
        _visit_timer(session, TEAM_NOTICE, notice_at, visit, now)


def unschedule_visit(session: Session, visit: Visit) -> None:
    """Cancel every pending reminder of a visit (before it moves or is dropped)."""
    for name in names(visit):
        person = Visits(session).person_named(visit.trust_id, name)
        if person is not None:
            unschedule_leader(session, visit, person.id)
    cancel_timer(
        session, TEAM_NOTICE, team_id=visit.team_id, local_date=visit.day, slot=f"v{visit.number}"
    )


def schedule_overdue(session: Session, action: VisitAction, team: Team, now: datetime) -> None:
    """Nudge the owner once, the morning after the action's date, if it is still open then."""
    due_at = _utc(action.due + timedelta(days=1), time(9), team.timezone)
    set_timer(
        session,
        ACTION_OVERDUE,
        max(due_at, now),
        team_id=team.id,
        local_date=action.due,
        slot=f"a{action.number}",
        ref=f"action:{action.number}",
        now=now,
    )


def tell_cancelled(session: Session, visit: Visit, now: datetime) -> None:
    """Tell the leaders and the team, through the scheduler, that a visit is off the rota."""
    _visit_timer(session, CANCELLED, now, visit, now)


def _visit_timer(
    session: Session, kind: str, due_at: datetime, visit: Visit, now: datetime
) -> None:
    """A timer about the whole visit (not one leader's), keyed on the visit and its day."""
    set_timer(
        session,
        kind,
        due_at,
        team_id=visit.team_id,
        local_date=visit.day,
        slot=f"v{visit.number}",
        ref=f"visit:{visit.number}",
        now=now,
    )
