"""Only the team lead (or a trust admin) changes measures and huddle times; history is visible."""

from __future__ import annotations

from datetime import UTC, datetime

from huddle_kit import Ward, confirmed, private, public
from sqlalchemy import select

from bot.stores.tables.core import Audit


def _denied(ward: Ward) -> list[str]:
    with ward.runtime.db.session() as s:
        return list(s.scalars(select(Audit.action).where(Audit.outcome == "denied")))


def test_a_member_cannot_change_measures_or_slots_and_is_audited(ward: Ward) -> None:
    measure = ward.say("Demo Nurse", "/huddle measure add hand-hygiene percent")
    slot = ward.say("Demo Nurse", "/huddle slot add 14:00")
    assert private(measure, "Demo Nurse") == [
        "Only Ward 7's team lead or a trust admin can change its measures."
    ]
    assert private(slot, "Demo Nurse") == [
        "Only Ward 7's team lead or a trust admin can change its huddle times."
    ]
    assert _denied(ward) == ["huddle.measure", "huddle.slot"]


def test_the_lead_adds_a_measure_the_team_then_records(ward: Ward) -> None:
    added = ward.say("Demo Lead", "/huddle measure add hand-hygiene percent up")
    assert public(added) == ["Ward 7 now records hand hygiene (percent) at each huddle."]
    posts = ward.say("Demo Nurse", "hand hygiene 97%")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: hand hygiene 97%"]
    ward.say("Demo Lead", "/huddle measure remove hand-hygiene")
    gone = ward.say("Demo Nurse", "hand hygiene 98%")
    assert "I don't know 'hand hygiene'" in private(gone, "Demo Nurse")[0]
    assert ward.value("hand-hygiene") == 97  # history kept


def test_the_lead_adds_a_huddle_time_and_the_prompt_comes_then(ward: Ward) -> None:
    ward.say("Demo Lead", "/huddle slot add 14:00 mon-fri")
    ward.tick(datetime(2027, 3, 1, 13, 0, tzinfo=UTC))
    ward.tick(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    prompts = [p for p in ward.queued("huddle.prompt") if p.to.conversation == "#ward-7"]
    assert [p.message.heading for p in prompts] == ["Ward 7 huddle, Mon 1 Mar 14:00"]


def test_history_shows_each_value_with_who_and_when(ward: Ward) -> None:
    ward.say("Demo Nurse", "falls 1")
    ward.later(minutes=15)
    ward.say("Demo Lead", "falls 2")
    [history] = private(ward.say("Demo Nurse", "/huddle history falls"), "Demo Nurse")
    assert history.splitlines() == [
        "Falls, Mon 1 Mar:",
        "  falls 1 — Demo Nurse, Mon 1 Mar 08:40 (replaced)",
        "  falls 2 — Demo Lead, Mon 1 Mar 08:55 (current)",
    ]
    mood = private(ward.say("Demo Nurse", "/huddle history mood"), "Demo Nurse")
    assert mood == ["mood is anonymous: there is no history per person."]
