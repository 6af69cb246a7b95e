"""A few demo ideas on Ward 7 and in the ED: new, supported, under test on falls, adopted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.ideas.digest import keep_digest_going
from bot.ideas.learning import keep_learning_going
from bot.ideas.lifecycle import schedule_review
from bot.ideas.store import Ideas


def add_demo_ideas(session: Session, today: date, now: datetime) -> None:
    ideas = Ideas(session)
    trust = ideas.first_trust()
    ward, ed = ideas.team_keyed(None, "ward-7"), ideas.team_keyed(None, "ed")
    people = ideas.people_by_name()
    nurse, lead = people.get("Demo Nurse"), people.get("Demo Lead")
    if trust is None or ward is None or ed is None or nurse is None or lead is None:
        return
    zone = ZoneInfo(trust.timezone)
    if now.astimezone(zone).date() != today:  # a demo for another day: its history ends then
        now = datetime.combine(today, time(9, 0), tzinfo=zone).astimezone(UTC)
    earlier = now - timedelta(days=35)
    red_socks = ideas.add(
        trust_id=trust.id,
        team=ward,
        author=nurse,
        now=earlier,
        text="Red non-slip socks for everyone on the falls risk list",
        why="Staff can see at a glance who needs help to walk",
        measure=ideas.measure_named(ward, "falls"),
    )
    red_socks.owner_id = lead.id
    ideas.note_change(red_socks, lead, earlier, "new", "reviewing", "")
    red_socks.status, red_socks.plan_try = "testing", "Red socks on every at-risk patient"
    red_socks.plan_expect = "Fewer falls within a month"
    red_socks.test_start, red_socks.review_on = today - timedelta(days=30), today + timedelta(1)
    ideas.note_change(red_socks, lead, earlier, "reviewing", "testing", "four-week test")
    ideas.support(red_socks, lead, earlier)
    schedule_review(ideas, red_socks, ward, ward.timezone, now)
    board = ideas.add(
        trust_id=trust.id,
        team=ward,
        author=lead,
        now=now - timedelta(days=3),
        text="Put the huddle board by the nurses' station, not in the office",
    )
    ideas.support(board, nurse, now - timedelta(days=2))
    ed_lead = people.get("Demo ED Lead")
    ideas.add(
        trust_id=trust.id,
        team=ed,
        author=ed_lead,
        now=now - timedelta(days=1),
        text="A fixed handover bay for ambulance crews during the morning peak",
        measure=ideas.measure_named(ed, "handover"),
    )
    keep_digest_going(ideas, trust, now)


def add_shared_idea(session: Session, today: date, now: datetime) -> None:
    """Learning that spread (the console demo's showcase): the ED tested and adopted an idea,
    shared it with the whole trust, and Ward 7 took it up as its own test of change on its own
    staffing measure."""
    ideas = Ideas(session)
    trust = ideas.first_trust()
    ward, ed = ideas.team_keyed(None, "ward-7"), ideas.team_keyed(None, "ed")
    people = ideas.people_by_name()
    lead, ed_lead = people.get("Demo Lead"), people.get("Demo ED Lead")
    if trust is None or ward is None or ed is None or lead is None:
        return
    zone = ZoneInfo(trust.timezone)
    if now.astimezone(zone).date() != today:
        now = datetime.combine(today, time(9, 0), tzinfo=zone).astimezone(UTC)
    posted = now - timedelta(days=70)
    rota = ideas.add(
        trust_id=trust.id,
        team=ed,
        author=ed_lead,
        now=posted,
        text="Post the next day's bank-staff gaps by 2pm so staff can pick up shifts early",
        why="Gaps found at 7pm are rarely filled",
        measure=ideas.measure_named(ed, "staffing"),
    )
    rota.owner_id = ed_lead.id if ed_lead else None
    rota.plan_try, rota.plan_expect = "Gaps posted on the staff board by 2pm", "Fill rate over 90%"
    rota.test_start, rota.review_on = today - timedelta(days=60), today - timedelta(days=32)
    rota.study, rota.next_step = "Fill rate rose from 86% to 93% in four weeks", "adopt"
    ideas.note_change(rota, ed_lead, posted, "new", "testing", "four-week test")
    adopted_at = now - timedelta(days=30)
    ideas.note_change(rota, ed_lead, adopted_at, "testing", "adopted", "review: adopt")
    rota.status, rota.updated_at = "adopted", adopted_at
    ideas.add_share(rota, "all", "", ed_lead, adopted_at)
    taken_at = now - timedelta(days=10)
    copy = ideas.add(
        trust_id=trust.id,
        team=ward,
        author=lead,
        now=taken_at,
        text=rota.text,
        why=f"Taken up from {ed.name}'s idea #{rota.number}. {rota.why}",
        measure=ideas.measure_named(ward, "staffing"),
    )
    copy.origin_id, copy.owner_id = rota.id, lead.id
    copy.plan_try, copy.plan_expect = rota.plan_try, rota.plan_expect
    copy.status, copy.updated_at = "testing", taken_at
    copy.test_start, copy.review_on = today - timedelta(days=10), today + timedelta(days=4)
    ideas.note_change(copy, lead, taken_at, "new", "testing", f"taken up from #{rota.number}")
    schedule_review(ideas, copy, ward, ward.timezone, now)
    keep_learning_going(ideas, trust, now)
