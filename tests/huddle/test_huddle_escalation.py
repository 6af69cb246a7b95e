"""Escalation: to the division with buttons, acknowledge, resolve with a note, the outcome back
to the team, once more to the trust when unanswered, and who may see and answer what."""

from __future__ import annotations

from datetime import UTC, datetime

from huddle_kit import MEDICINE, SURGERY, Ward, confirmed, private, public
from sqlalchemy import delete, select

from bot.events import Origin
from bot.messages import Edit, Form, Post, Posted, Text, fallback_text
from bot.stores.tables.core import Address as AddressRow
from bot.stores.tables.core import Audit, Role, Team, Trust
from bot.stores.tables.huddle import Escalation, EscalationStep

THEATRES = Origin("console", "console", "#theatres")


def _raise(ward: Ward, text: str = "Broken hoist in bay 3") -> Post:
    posts = ward.say("Demo Nurse", f"/huddle escalate {text}")
    assert public(posts)[0] == (
        f"Escalated to Medicine (#1): “{text}”. They are asked to respond by Tue 2 Mar 17:00."
    )
    [card] = [p for p in posts if p.to.conversation == "#medicine"]
    return card


def _steps(ward: Ward) -> list[str]:
    with ward.runtime.db.session() as s:
        return list(s.scalars(select(EscalationStep.step).order_by(EscalationStep.id)))


def test_an_escalation_goes_to_the_division_with_buttons_and_a_response_by_time(
    ward: Ward,
) -> None:
    card = _raise(ward)
    assert isinstance(card.message, Text)
    assert card.message.heading == "Escalation #1 from Ward 7"
    assert "“Broken hoist in bay 3”" in card.message.text
    assert "Please respond by Tue 2 Mar 17:00." in card.message.text
    assert [b.label for b in card.message.buttons] == [
        "Acknowledge",
        "Resolve…",
        "Send to the trust…",
    ]


def test_acknowledge_then_resolve_tells_the_team_what_was_done(ward: Ward) -> None:
    card = _raise(ward)
    ward.later(hours=2)
    acked = ward.press("Demo Director", card, "Acknowledge", MEDICINE)
    assert public(acked)[0].startswith("Escalation #1 acknowledged by Demo Director.")
    assert [p.to.conversation for p in acked] == ["#medicine", "#ward-7"]
    [form_post] = ward.press("Demo Director", card, "Resolve…", MEDICINE)
    form = form_post.message
    assert isinstance(form, Form) and form.form == "huddle.resolve"
    done = ward.submit(
        "Demo Director",
        form.form,
        {"note": "New hoist ordered, arrives Thursday"},
        form.context,
        MEDICINE,
    )
    [told] = [p for p in done if p.to.conversation == "#ward-7"]
    assert told.message.text == (
        "You said: “Broken hoist in bay 3” — we did: “New hoist ordered, arrives Thursday” "
        "(Medicine, Demo Director)."
    )
    assert _steps(ward) == ["raised", "acknowledged", "resolved"]
    assert "No open escalations." in private(
        ward.say("Demo Nurse", "/huddle escalations"), "Demo Nurse"
    )


def test_the_divisions_card_shows_its_state_and_loses_its_buttons_when_resolved(
    ward: Ward,
) -> None:
    card = _raise(ward)
    ward.runtime.bot.delivered(card, Posted("console", "#medicine", "m7"), ward.clock.now())
    acked = ward.say("Demo Director", "/huddle ack 1", MEDICINE)
    [edit] = [e for e in acked if isinstance(e, Edit)]
    assert edit.posted == Posted("console", "#medicine", "m7")
    assert edit.message.text.endswith("Acknowledged by Demo Director.")
    assert [b.label for b in edit.message.buttons] == ["Resolve…", "Send to the trust…"]
    done = ward.say("Demo Director", "/huddle resolve 1 Hoist repaired", MEDICINE)
    [edit] = [e for e in done if isinstance(e, Edit)]
    assert edit.message.text.endswith("Resolved: “Hoist repaired”")
    assert edit.message.buttons == ()
    again = ward.say("Demo Director", "/huddle resolve 1 twice", MEDICINE)
    assert "already resolved" in private(again, "Demo Director")[0]


def test_an_unanswered_escalation_goes_once_more_to_the_trust(ward: Ward) -> None:
    _raise(ward)
    ward.tick(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))  # the scheduler's first mark
    ward.tick(datetime(2027, 3, 2, 16, 59, tzinfo=UTC))
    assert ward.queued("huddle.escalation_due") == []
    ward.tick(datetime(2027, 3, 2, 17, 1, tzinfo=UTC))
    ward.tick(datetime(2027, 3, 3, 17, 1, tzinfo=UTC))
    posts = ward.queued("huddle.escalation_due")
    places = sorted(p.to.conversation for p in posts)
    assert places == ["#medicine", "#trust", "#ward-7"]  # once each
    [trust] = [p for p in posts if p.to.conversation == "#trust"]
    assert trust.message.heading == ("Escalation #1 from Ward 7: not answered by Medicine")
    assert [b.label for b in trust.message.buttons] == ["Acknowledge", "Resolve…"]
    assert _steps(ward) == ["raised", "escalated"]
    listing = private(ward.say("Demo Director", "/huddle escalations"), "Demo Director")[0]
    assert "#1 Ward 7: “Broken hoist in bay 3” — waiting (now with the trust)" in listing


def test_an_acknowledged_escalation_is_not_escalated_again(ward: Ward) -> None:
    card = _raise(ward)
    ward.press("Demo Director", card, "Acknowledge", MEDICINE)
    ward.tick(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    ward.tick(datetime(2027, 3, 2, 17, 1, tzinfo=UTC))
    assert ward.queued("huddle.escalation_due") == []


def test_the_response_by_day_skips_weekends_and_bank_holidays(ward: Ward) -> None:
    ward.clock.set(datetime(2027, 3, 25, 9, 0, tzinfo=UTC))  # Thursday before Good Friday
    posts = ward.say("Demo Nurse", "/huddle escalate Sluice door jammed")
    assert "respond by Tue 30 Mar 17:00" in public(posts)[0]  # Fri and Mon are bank holidays


def test_only_division_leaders_answer_and_a_division_sees_its_own_teams_only(
    ward: Ward,
) -> None:
    card = _raise(ward)
    nurse = ward.press("Demo Nurse", card, "Acknowledge", MEDICINE)
    assert "division's leads and members" in private(nurse, "Demo Nurse")[0]
    wrong_place = ward.press("Demo Director", card, "Acknowledge", SURGERY)
    assert "another division" in private(wrong_place, "Demo Director")[0]
    with ward.runtime.db.session() as s:
        assert s.get(Escalation, 1).state == "open"
        denied = s.scalars(select(Audit.action).where(Audit.outcome == "denied")).all()
    assert denied == ["huddle.ack", "huddle.ack"]
    ward.say("Demo Admin", "/huddle escalate Theatre 2 lights flickering", THEATRES)
    medicine = private(ward.say("Demo Director", "/huddle escalations", MEDICINE), "Demo Director")[
        0
    ]
    assert "Broken hoist" in medicine and "lights" not in medicine
    surgery = private(ward.say("Demo Director", "/huddle escalations", SURGERY), "Demo Director")[0]
    assert "lights" in surgery and "Broken hoist" not in surgery


def test_patient_details_in_an_escalation_are_refused_and_not_stored(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "/huddle escalate Mr Smith DOB 01/02/1950 fell twice")
    assert public(posts) == [] and all(p.to.conversation == "#ward-7" for p in posts)
    [why] = private(posts, "Demo Nurse")
    assert "date of birth" in why and "1950" not in why
    form = ward.say("Demo Nurse", "/huddle")[0].message
    errors = ward.submit("Demo Nurse", "huddle", {"escalate": "NHS 943 476 5919"}, form.context)
    assert "NHS number" in errors[0].message.errors[0][1]
    with ward.runtime.db.session() as s:
        assert s.scalars(select(Escalation)).all() == []
        refused = s.scalars(select(Audit.action).where(Audit.outcome == "refused")).all()
    assert refused == ["privacy.date_of_birth", "privacy.nhs_number"]


def test_the_form_escalate_field_raises_an_item(ward: Ward) -> None:
    form = ward.say("Demo Nurse", "/huddle")[0].message
    posts = ward.submit(
        "Demo Nurse", "huddle", {"falls": "0", "escalate": "Two HCAs short tonight"}, form.context
    )
    assert confirmed(posts)[0] == "Recorded for Ward 7, Mon 1 Mar: falls 0"
    assert any(p.to.conversation == "#medicine" for p in posts)
    [board] = public(ward.say("Demo Nurse", "/huddle board"))
    assert "#1 “Two HCAs short tonight” — waiting" in board


def test_a_teams_response_hours_setting_moves_the_deadline_off_the_weekend(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        s.scalar(select(Team).where(Team.key == "ward-7")).settings_json = '{"response_hours": 24}'
    ward.clock.set(datetime(2027, 3, 5, 15, 0, tzinfo=UTC))  # Friday 15:00
    posts = ward.say("Demo Nurse", "/huddle escalate Agency nurse did not arrive")
    assert "respond by Sat 6 Mar" not in public(posts)[0]
    assert "respond by Mon 8 Mar 15:00" in public(posts)[0]


def test_a_division_without_a_channel_goes_to_its_leads_by_direct_message(
    ward: Ward,
) -> None:
    with ward.runtime.db.session() as s:
        s.execute(delete(AddressRow).where(AddressRow.conversation == "#medicine"))
    posts = ward.say("Demo Nurse", "/huddle escalate Broken hoist")
    [reply] = [fallback_text(p.message) for p in posts if p.to.conversation == "#ward-7"]
    assert "Medicine has no channel linked yet, so it went to Demo Matron by direct" in reply
    assert "/huddle link medicine" in reply
    cards = [p for p in posts if p.to.conversation.startswith("@")]
    assert {p.to.conversation for p in cards} == {"@Demo Matron"}  # the division's lead
    assert all(
        [b.label for b in p.message.buttons] == ["Acknowledge", "Resolve…", "Send to the trust…"]
        for p in cards
    )


def test_a_division_with_no_channel_and_no_lead_is_reported_to_the_trust_admins(
    ward: Ward,
) -> None:
    with ward.runtime.db.session() as s:
        s.execute(delete(AddressRow).where(AddressRow.conversation == "#medicine"))
        s.execute(delete(Role).where(Role.role == "division_lead"))
    posts = ward.say("Demo Nurse", "/huddle escalate Broken hoist")
    [reply] = [fallback_text(p.message) for p in posts if p.to.conversation == "#ward-7"]
    assert (
        "Medicine has no channel linked yet, nor a lead, so it was reported to the trust " in reply
    )
    assert "admins (Demo Admin)" in reply
    cards = [p for p in posts if p.to.conversation.startswith("@")]
    assert {p.to.conversation for p in cards} == {"@Demo Admin"}
    assert cards[0].message.heading == "Escalation #1 from Ward 7"


def test_moving_up_to_the_trust_sets_the_trusts_own_response_time_and_credits_the_trust(
    ward: Ward,
) -> None:
    _raise(ward)
    ward.tick(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    ward.tick(datetime(2027, 3, 2, 17, 1, tzinfo=UTC))
    posts = ward.queued("huddle.escalation_due")
    [trust] = [p for p in posts if p.to.conversation == "#trust"]
    assert "Please respond by Wed 3 Mar 17:00." in trust.message.text  # not the passed Tue 2 Mar
    [team] = [p for p in posts if p.to.conversation == "#ward-7"]
    assert "who are asked to respond by Wed 3 Mar 17:00" in team.message.text
    listing = private(ward.say("Demo Director", "/huddle escalations"), "Demo Director")[0]
    assert "(now with the trust), respond by Wed 3 Mar 17:00" in listing
    with ward.runtime.db.session() as s:
        trust_name = s.scalar(select(Trust.name))
    done = ward.say("Demo Admin", "/huddle resolve 1 Hoist replaced from the trust's stock")
    [told] = [p for p in done if p.to.conversation == "#ward-7"]
    assert told.message.text.endswith(f"({trust_name}, Demo Admin).")


def test_a_trust_without_a_channel_hears_through_its_leaders(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        s.execute(delete(AddressRow).where(AddressRow.conversation == "#trust"))
    _raise(ward)
    ward.tick(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    ward.tick(datetime(2027, 3, 2, 17, 1, tzinfo=UTC))
    cards = [
        p
        for p in ward.queued("huddle.escalation_due")
        if p.message.heading.endswith("not answered by Medicine")
    ]
    assert {p.to.conversation for p in cards if p.to.platform == "console"} == {
        "@Demo Chair",
        "@Demo Director",
    }  # the trust's senior leaders


def test_the_trusts_hospital_number_pattern_is_refused(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        s.scalar(select(Trust)).hospital_number_pattern = r"\bRX\d{6}\b"
    posts = ward.say("Demo Nurse", "/huddle escalate RX123456 waiting for a bed")
    assert public(posts) == []
    assert "hospital number" in private(posts, "Demo Nurse")[0]
    with ward.runtime.db.session() as s:
        assert s.scalars(select(Escalation)).all() == []
