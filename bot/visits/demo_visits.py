"""Demo visits: Demo Chair's visit to Ward 7 three weeks ago (notes and an open action), and a
fair rota from the Monday after next, with its reminders set."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.schedule.visit_timers import schedule_overdue
from bot.stores.tables.visits import VisitAction, VisitNote
from bot.visits.model import PlannedVisit
from bot.visits.rota import apply_plan, propose
from bot.visits.setup import load_setup
from bot.visits.store import Visits


def add_demo_visits(session: Session, today: date, now: datetime) -> None:
    visits = Visits(session)
    trust, ward = visits.first_trust(), visits.team_keyed("ward-7")
    people = visits.people_by_name()
    chair, lead = people.get("Demo Chair"), people.get("Demo Lead")
    setup = load_setup(visits, trust) if trust is not None else None
    if trust is None or ward is None or chair is None or lead is None or setup is None:
        return
    earlier = today - timedelta(days=21)
    earlier -= timedelta(days=(earlier.weekday() - 1) % 7)  # a Tuesday, three weeks or more ago
    past = visits.add(
        trust.id, ward.id, PlannedVisit(earlier, time(10), ward.key, (chair.name,)), now
    )
    past.status = "done"
    visits.note_change(past, chair, now, "notes")
    visits.add_rows(
        VisitNote(
            visit_id=past.id,
            person_id=chair.id,
            saw="A focused huddle at the board; staff named the patients at risk of falls.",
            good="Red socks for everyone on the falls risk list, and a team that owns its data.",
            at=now,
        )
    )
    action = VisitAction(
        trust_id=trust.id,
        number=visits.next_number(trust.id, VisitAction),
        visit_id=past.id,
        text="Ask estates to fix the bay 2 call bells",
        owner_id=lead.id,
        due=today + timedelta(days=10),
        status="open",
        created_at=now,
    )
    visits.add_rows(action)
    schedule_overdue(session, action, ward, now)
    start = today + timedelta(days=14 - today.weekday())  # the Monday after next
    apply_plan(visits, trust, setup, propose(visits, trust, setup, start, 8), start, now)
