"""Tiered huddles: the division's tier-2 and the trust's tier-3 prompt, board and charts; the
loop ward → division → trust and back ("you said, we did"); each tier's own response time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from huddle_kit import MEDICINE, Ward, private, public
from sqlalchemy import delete, select

from bot.events import Origin
from bot.messages import Form, Post, Text, fallback_text
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Division
from bot.stores.tables.huddle import Escalation

TRUST = Origin("console", "console", "#trust")
ED = Origin("console", "console", "#ed")
TIER_2 = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)  # Monday: Medicine's 11:00 huddle (GMT)
TIER_3 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _card(posts: list, where: str) -> Post:
    [card] = [p for p in posts if isinstance(p, Post) and p.to.conversation == where]
    return card


def _prompt(ward: Ward, where: str) -> str:
    [post] = [p for p in ward.queued("huddle.prompt") if p.to.conversation == where]
    assert isinstance(post.message, Text)
    return f"{post.message.heading}\n{post.message.text}"


def test_the_tier_2_prompt_reviews_the_divisions_teams(ward: Ward) -> None:
    ward.tick(ward.clock.now())
    first = ward.say("Demo Nurse", "/huddle escalate Broken hoist in bay 3")
    second = ward.say("Demo Lead", "/huddle escalate Two HCAs short tonight")
    assert public(first) and public(second)
    with ward.runtime.db.session() as s:  # the second one's response time has passed
        s.get(Escalation, 2).respond_by = ward.clock.now() - timedelta(hours=1)
    ward.say("Demo Nurse", "/huddle staffing 55%")  # far below Ward 7's limits: a signal
    ward.tick(TIER_2)
    text = _prompt(ward, "#medicine")
    assert text.startswith("Medicine tier-2 huddle, Mon 1 Mar 11:00\n")
    assert "Open escalations (2, overdue first):" in text
    overdue = text.index("#2 Ward 7: “Two HCAs short tonight” — waiting 2 h, OVERDUE")
    waiting = text.index("#1 Ward 7: “Broken hoist in bay 3” — waiting 2 h, respond by Tue 2 Mar")
    assert overdue < waiting
    assert "Team huddles today: held by Ward 7; not held yet: Emergency Department." in text
    assert "Signals since the last tier-2 huddle (Fri 26 Feb):\n• Ward 7 — Staffing fill rate" in (
        text
    )
    assert "• Bed occupancy (bed occupancy): a percentage from 0 to 100" in text
    assert "Falls across the division (" not in text  # derived from the wards: never asked
    assert "`huddle onward 12 <why>`" in text


def test_the_loop_ward_escalates_division_acknowledges_and_resolves_ward_hears(
    ward: Ward,
) -> None:
    card = _card(ward.say("Demo Nurse", "/huddle escalate Broken hoist in bay 3"), "#medicine")
    acked = ward.press("Demo Matron", card, "Acknowledge", MEDICINE)
    assert _card(acked, "#ward-7").message.text == (
        "Demo Matron has acknowledged your escalation #1: “Broken hoist in bay 3”."
    )
    member = ward.say("Demo Bed Manager", "/huddle resolve 1 sorted", MEDICINE)
    assert "Only the division's leads" in private(member, "Demo Bed Manager")[0]
    [form_post] = ward.press("Demo Matron", card, "Resolve…", MEDICINE)
    assert isinstance(form_post.message, Form)
    done = ward.submit(
        "Demo Matron",
        "huddle.resolve",
        {"note": "Spare hoist from Ward 9 until Thursday"},
        form_post.message.context,
        MEDICINE,
    )
    assert _card(done, "#ward-7").message.text == (
        "You said: “Broken hoist in bay 3” — we did: “Spare hoist from Ward 9 until Thursday” "
        "(Medicine, Demo Matron)."
    )


def test_the_division_sends_an_item_on_to_the_trust_and_both_tiers_are_told(ward: Ward) -> None:
    card = _card(
        ward.say("Demo Nurse", "/huddle escalate No side room for a C. diff patient"), "#medicine"
    )
    [form_post] = ward.press("Demo Bed Manager", card, "Send to the trust…", MEDICINE)
    assert isinstance(form_post.message, Form)  # the form opens; sending is checked on submit
    member = ward.submit(
        "Demo Bed Manager", "huddle.onward", {"reason": "none free"}, "1", MEDICINE
    )
    assert "division's leads" in private(member, "Demo Bed Manager")[0]
    blank = ward.say("Demo Matron", "/huddle onward 1", MEDICINE)
    assert "Why does it need the trust?" in private(blank, "Demo Matron")[0]
    sent = ward.say(
        "Demo Matron", "/huddle onward 1 no side room free across the division", MEDICINE
    )
    trust_card = _card(sent, "#trust")
    assert trust_card.message.heading == "Escalation #1 from Ward 7, sent on by Medicine"
    assert "Why the trust: “no side room free across the division”" in trust_card.message.text
    told = _card(sent, "#ward-7").message.text
    assert told.startswith("Demo Matron (Medicine) sent escalation #1")
    assert "The trust is asked to respond by Tue 2 Mar 17:00." in told
    assert public(sent)[0].startswith("Demo Matron (Medicine) sent escalation #1")  # the division
    again = ward.say("Demo Matron", "/huddle resolve 1 found one", MEDICINE)
    assert "only senior leaders" in private(again, "Demo Matron")[0]
    done = ward.say("Demo Director", "/huddle resolve 1 Side room 4 on Ward 9 opened", TRUST)
    assert _card(done, "#ward-7").message.text.endswith("(Demo NHS Trust, Demo Director).")


def test_the_tier_3_prompt_shows_the_trusts_items_and_divisions_that_have_not_met(
    ward: Ward,
) -> None:
    ward.tick(ward.clock.now())
    ward.say("Demo Nurse", "/huddle escalate No side room")
    ward.say("Demo Matron", "/huddle onward 1 none free in Medicine", MEDICINE)
    raised = ward.say("Demo Matron", "/huddle escalate Medicine needs 12 escalation beds", MEDICINE)
    assert public(raised)[0].startswith("Escalated to Demo NHS Trust (#2)")
    ward.tick(TIER_3)
    text = _prompt(ward, "#trust")
    assert text.startswith("Demo NHS Trust tier-3 huddle, Mon 1 Mar 12:00\n")
    assert "#1 Ward 7 (Medicine): “No side room” — waiting" in text
    assert "Sent on: “none free in Medicine”." in text
    assert "#2 Medicine: “Medicine needs 12 escalation beds”" in text
    assert "Tier-2 huddles today: held by none yet; not held yet: Medicine." in text
    assert "No tier-2 huddle set up: Surgery." in text
    assert "• A&E four-hour performance (four hour): a percentage from 0 to 100" in text
    trust_top = ward.say("Demo Director", "/huddle escalate more beds", TRUST)
    assert "top tier" in private(trust_top, "Demo Director")[0]


def test_a_tier_prompt_with_no_channel_goes_to_its_leads(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        s.execute(delete(AddressRow).where(AddressRow.conversation == "#medicine"))
    ward.tick(ward.clock.now())
    ward.tick(TIER_2)
    [prompt] = [p for p in ward.queued("huddle.prompt") if "tier-2" in p.message.heading]
    assert prompt.to.conversation == "@Demo Matron"


def test_division_measures_are_recorded_charted_and_derived_from_the_wards(ward: Ward) -> None:
    recorded = ward.say("Demo Bed Manager", "bed occupancy 96%", MEDICINE)
    assert public(recorded)[0].startswith("Recorded for Medicine, Mon 1 Mar: bed occupancy 96%")
    nurse = ward.say("Demo Nurse", "/huddle bed occupancy 90", MEDICINE)
    assert "Only members of Medicine" in private(nurse, "Demo Nurse")[0]
    derived = ward.say("Demo Bed Manager", "/huddle falls 3", MEDICINE)
    assert private(derived, "Demo Bed Manager") == [  # made from the wards': never recorded
        "I don't know 'falls'. Medicine's measures are: bed occupancy."
    ]
    ward.say("Demo Nurse", "/huddle staffing 90%")
    ward.say("Demo ED Lead", "/huddle staffing 80%", ED)
    [board] = public(ward.say("Demo Bed Manager", "/huddle board", MEDICINE))
    assert board.startswith("Medicine tier-2 board, Mon 1 Mar")
    assert "Bed occupancy: 96%   last 7 days" in board
    assert "Staffing fill rate: 85%   last 7 days" in board  # the mean of Ward 7's and ED's
    assert "Open escalations: none" in board
    chart = ward.say("Demo Bed Manager", "/huddle chart falls", MEDICINE)
    [post] = [p for p in chart if isinstance(p, Post)]
    assert "XmR chart of Falls across the division — Medicine" in fallback_text(post.message)
    assert not post.to.visible_to


def test_each_tier_has_its_own_response_time(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        s.scalar(
            select(Division).where(Division.key == "medicine")
        ).settings_json = '{"response_hours": 4}'
    posts = ward.say("Demo Nurse", "/huddle escalate Broken hoist")
    assert "They are asked to respond by Mon 1 Mar 12:40." in public(posts)[0]
