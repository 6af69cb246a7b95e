"""Declining and swapping visits in chat: who may, the rota repairing itself for the area, the
reminders following the change, and reasons guarded against patient identifiers."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

from sqlalchemy import select
from visit_kit import DM, Rota, texts

from bot.config import apply_config, parse_config
from bot.demo_trust import DEMO
from bot.messages import Form, FormErrors
from bot.stores.tables.core import Trust
from bot.stores.tables.visits import VisitChange

NHS_NUMBER = "943 476 5919"  # a valid check digit


def with_a_third_leader(rota: Rota) -> None:
    config = copy.deepcopy(DEMO)
    config["visits"]["leaders"].append(  # type: ignore[index]
        {"name": "Demo Improver", "kind": "senior_manager", "cadence": "2w"}
    )
    with rota.runtime.db.session() as s:
        apply_config(s, parse_config(config), rota.clock.now())


def test_a_declined_visit_goes_to_a_free_leader_who_then_gets_the_reminders(rota: Rota) -> None:
    with_a_third_leader(rota)
    out = rota.say("Demo Director", "/visit decline 3 Board meeting moved to that morning", DM)
    reply, told = out
    assert reply.to.conversation == "@me"
    assert reply.message.text == (
        "Visit 3: Demo Director declined. Demo Improver will visit Ward 7 on Tue 19 Jan at "
        "10:00 instead of Demo Director."
    )
    assert [p.to.conversation for p in out[1:]] == ["@Demo Improver"]
    assert told.message.text.startswith("You are now on Visit 3: Ward 7, Tue 19 Jan 2027 at 10:00")
    assert rota.visit(3) == ("planned", date(2027, 1, 19), "10:00", ("Demo Improver",))
    with rota.runtime.db.session() as s:
        notes = [
            c.note for c in s.scalars(select(VisitChange).where(VisitChange.what == "declined"))
        ]
    assert notes == ["Demo Director: Board meeting moved to that morning"]
    rota.step(datetime(2027, 1, 12, 9, 1, tzinfo=UTC))
    packs = rota.arrived("visit-pack:3:")
    assert sorted(a.post.to.conversation for a in packs) == ["@Demo Improver"]


def test_when_no_one_can_go_the_area_is_named_uncovered_and_admins_hear(rota: Rota) -> None:
    out = rota.say("Demo Director", "/visit decline 3 On leave", DM)
    assert texts(out)[0] == (
        "Visit 3: Demo Director declined. No leader can visit Ward 7 within 14 days of "
        "Tue 19 Jan; the area is left uncovered."
    )
    assert [p.to.conversation for p in out[1:]] == ["@Demo Admin"]
    assert rota.visit(3)[0] == "declined"
    for day, hour in ((12, 9), (17, 9), (19, 8), (19, 16)):
        rota.step(datetime(2027, 1, day, hour, 1, tzinfo=UTC))
    assert rota.arrived("visit-pack:3:") == [] and rota.arrived("visit-notice:3:") == []
    assert rota.arrived("visit-notes:3") == []


def test_a_swap_hands_the_visit_and_its_reminders_to_the_other_leader(rota: Rota) -> None:
    out = rota.say("Demo Director", "/visit swap 3 with demo chair", DM)
    assert texts(out)[0].startswith(
        "Visit 3: Demo Chair will visit Ward 7 on Tue 19 Jan instead of Demo Director. Note: "
    )
    assert "more than their cadence" in texts(out)[0]
    assert [p.to.conversation for p in out[1:]] == ["@Demo Chair"]
    assert rota.visit(3)[3] == ("Demo Chair",)
    rota.step(datetime(2027, 1, 12, 9, 1, tzinfo=UTC))
    packs = rota.arrived("visit-pack:3:")
    assert sorted(a.post.to.conversation for a in packs) == ["@Demo Chair"]
    rota.step(datetime(2027, 1, 17, 9, 1, tzinfo=UTC))
    [notice] = rota.arrived("visit-notice:3:")
    assert notice.post.message.text.startswith("Demo Chair will visit Ward 7")


def test_a_swap_to_someone_not_on_the_rota_changes_nothing(rota: Rota) -> None:
    out = rota.say("Demo Director", "/visit swap 3 with Demo Nurse", DM)
    assert texts(out) == ["Demo Nurse is not on the visits rota."]
    assert rota.visit(3)[3] == ("Demo Director",)


def test_only_the_leader_on_the_visit_or_an_admin_may_change_it(rota: Rota) -> None:
    for who, line in [
        ("Demo Nurse", "/visit decline 3 busy"),
        ("Demo Chair", "/visit decline 3 busy"),
        ("Demo Lead", "/visit swap 3 with Demo Chair"),
    ]:
        assert texts(rota.say(who, line, DM)) == [
            "Only the leaders on visit 3 (Demo Director) or a trust admin can "
            + ("decline" if "decline" in line else "swap")
            + " it."
        ]
    assert texts(rota.press("Demo Nurse", "visit.decline", "3")) == [
        "Only the leaders on visit 3 or a trust admin can decline it."
    ]
    assert rota.visit(3) == ("planned", date(2027, 1, 19), "10:00", ("Demo Director",))
    admin = rota.say("Demo Admin", "/visit swap 3 with Demo Chair", DM)
    assert texts(admin)[0].startswith("Visit 3: Demo Chair will visit Ward 7")


def test_the_decline_button_asks_why_and_the_reason_is_guarded(rota: Rota) -> None:
    [form] = rota.press("Demo Director", "visit.decline", "3")
    assert isinstance(form.message, Form)
    assert form.message.form == "visit.decline" and form.message.context == "3"
    [errors] = rota.submit("Demo Director", "visit.decline", {"reason": " "}, "3")
    assert isinstance(errors.message, FormErrors)
    guarded = rota.submit(
        "Demo Director", "visit.decline", {"reason": f"patient {NHS_NUMBER} needs me"}, "3"
    )
    assert "NHS number" in texts(guarded)[0] and NHS_NUMBER not in texts(guarded)[0]
    assert rota.visit(3)[0] == "planned"
    done = rota.submit("Demo Director", "visit.decline", {"reason": "Off sick"}, "3")
    assert texts(done)[0].startswith("Visit 3: Demo Director declined.")
    assert rota.visit(3)[0] == "declined"
    with rota.runtime.db.session() as s:
        trust = s.scalar(select(Trust))
        assert trust is not None


def test_a_past_visit_cannot_be_declined(rota: Rota) -> None:
    rota.clock.set(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    out = rota.say("Demo Director", "/visit decline 3 too late", DM)
    assert texts(out) == ["Visit 3 was on Tue 19 Jan 2027 at 10:00; it can't be changed now."]


def test_a_team_already_told_hears_of_the_change(rota: Rota) -> None:
    rota.clock.set(datetime(2027, 1, 18, 12, 0, tzinfo=UTC))
    out = rota.say("Demo Director", "/visit swap 3 with Demo Chair", DM)
    [team] = [p for p in out if p.to.conversation == "#ward-7"]
    assert team.message.heading == "A change to a leadership visit"
    assert team.message.text == (
        "Demo Chair will visit on Tue 19 Jan 2027 at 10:00 instead of Demo Director."
    )
    out = rota.say("Demo Chair", "/visit decline 3 Unwell", DM)
    [team] = [p for p in out if p.to.conversation == "#ward-7"]
    assert team.message.text == (  # Demo Director gave it away, so is free to take it back
        "Demo Director will now visit on Tue 19 Jan 2027 at 10:00, in place of Demo Chair."
    )
    out = rota.say("Demo Director", "/visit decline 3 Unwell too", DM)
    [team] = [p for p in out if p.to.conversation == "#ward-7"]
    assert (
        team.message.text == "The leadership visit on Tue 19 Jan 2027 at 10:00 will not go ahead."
    )
