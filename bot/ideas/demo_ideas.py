"""A few demo ideas on Ward 7 and in the ED: new, supported, under test on falls, adopted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ideas.digest import keep_digest_going
from bot.ideas.lifecycle import schedule_review
from bot.ideas.store import add_idea, measure_named, note_change, support
from bot.stores.tables.core import Person, Team, Trust


def add_demo_ideas(session: Session, today: date, now: datetime) -> None:
    trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
    ward = session.scalar(select(Team).where(Team.key == "ward-7"))
    ed = session.scalar(select(Team).where(Team.key == "ed"))
    people = {p.name: p for p in session.scalars(select(Person))}
    nurse, lead = people.get("Demo Nurse"), people.get("Demo Lead")
    if trust is None or ward is None or ed is None or nurse is None or lead is None:
        return
    zone = ZoneInfo(trust.timezone)
    if now.astimezone(zone).date() != today:  # a demo for another day: its history ends then
        now = datetime.combine(today, time(9, 0), tzinfo=zone).astimezone(UTC)
    earlier = now - timedelta(days=35)
    red_socks = add_idea(
        session,
        trust_id=trust.id,
        team=ward,
        author=nurse,
        now=earlier,
        text="Red non-slip socks for everyone on the falls risk list",
        why="Staff can see at a glance who needs help to walk",
        measure=measure_named(session, ward, "falls"),
    )
    red_socks.owner_id = lead.id
    note_change(session, red_socks, lead, earlier, "new", "reviewing", "")
    red_socks.status, red_socks.plan_try = "testing", "Red socks on every at-risk patient"
    red_socks.plan_expect = "Fewer falls within a month"
    red_socks.test_start, red_socks.review_on = today - timedelta(days=30), today + timedelta(1)
    note_change(session, red_socks, lead, earlier, "reviewing", "testing", "four-week test")
    support(session, red_socks, lead, earlier)
    schedule_review(session, red_socks, ward, ward.timezone, now)
    board = add_idea(
        session,
        trust_id=trust.id,
        team=ward,
        author=lead,
        now=now - timedelta(days=3),
        text="Put the huddle board by the nurses' station, not in the office",
    )
    support(session, board, nurse, now - timedelta(days=2))
    ed_lead = people.get("Demo ED Lead")
    add_idea(
        session,
        trust_id=trust.id,
        team=ed,
        author=ed_lead,
        now=now - timedelta(days=1),
        text="A fixed handover bay for ambulance crews during the morning peak",
        measure=measure_named(session, ed, "handover"),
    )
    keep_digest_going(session, trust, now)
