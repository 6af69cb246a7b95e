"""Answering in plain text: full, partly invalid, unknown, nonsense, corrections, earlier days."""

from __future__ import annotations

from datetime import timedelta

from huddle_kit import TODAY, Ward, confirmed, private, public
from sqlalchemy import select

from bot.events import Origin
from bot.messages import About, Address, Post, Posted, Text
from bot.stores.tables.core import Audit, Person, Posting, Team
from bot.stores.tables.huddle import HuddleLog

YESTERDAY = TODAY - timedelta(days=1)


def test_a_full_answer_is_recorded_and_confirmed_in_one_short_reply(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls 1, staffing 92%, mood 4")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 1 · staffing 92%"]
    [mood] = private(posts, "Demo Nurse")  # anonymous: never taken where others can see it
    assert mood.startswith("Mood is anonymous, so I did not record it here")
    assert ward.value("falls") == 1 and ward.value("staffing") == 92
    with ward.runtime.db.session() as s:
        assert s.scalar(select(HuddleLog.held).where(HuddleLog.day == TODAY)) is True


def test_names_abbreviations_case_and_units_are_understood(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "Falls: 0; STAFF 88.5 % PU 2")
    assert confirmed(posts) == [
        "Recorded for Ward 7, Mon 1 Mar: falls 0 · staffing 88.5% · pressure ulcers 2"
    ]
    assert ward.value("pressure-ulcers") == 2


def test_small_numbers_in_words_are_understood(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls two, pressure ulcers none")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 2 · pressure ulcers 0"]


def test_valid_values_are_saved_and_each_rejected_one_is_explained(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls 1.5, staffing 92%, mood 7")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: staffing 92%"]
    [note] = private(posts, "Demo Nurse")
    assert "falls 1.5 is not a whole number" in note
    assert "a whole number, 0 or more" in note
    assert "mood 7 is outside 1–5" in note
    assert ward.value("staffing") == 92 and ward.value("falls") is None


def test_an_unknown_measure_gets_the_list_of_the_teams_measures(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls 0, sepsis 3")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 0"]
    [note] = private(posts, "Demo Nurse")
    assert "I don't know 'sepsis'" in note
    assert "falls, staffing, pressure ulcers, mood" in note


def test_nonsense_and_empty_answers_get_a_one_line_hint(ward: Ward) -> None:
    for line in ("thanks everyone", "???"):
        posts = ward.say("Demo Nurse", line)
        assert public(posts) == []
        [hint] = private(posts, "Demo Nurse")
        assert "\n" not in hint and "reply like `falls 1" in hint


def test_a_correction_replaces_the_value_and_keeps_history_with_who_and_when(
    ward: Ward,
) -> None:
    ward.say("Demo Nurse", "falls 1")
    ward.later(minutes=20)
    posts = ward.say("Demo Lead", "falls 2")
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 2 (was 1)"]
    old, new = ward.readings("falls", TODAY)
    with ward.runtime.db.session() as s:
        nurse = s.scalar(select(Person.id).where(Person.name == "Demo Nurse"))
        lead = s.scalar(select(Person.id).where(Person.name == "Demo Lead"))
    assert (old.value, old.person_id, old.superseded_at) == (1, nurse, new.recorded_at)
    assert (new.value, new.person_id, new.superseded_at) == (2, lead, None)
    assert new.recorded_at - old.recorded_at == timedelta(minutes=20)


def test_a_late_answer_for_yesterday_and_the_limits_on_earlier_days(ward: Ward) -> None:
    demo_value = ward.value("falls", YESTERDAY)
    posts = ward.say("Demo Nurse", "/huddle yesterday falls 3")
    assert confirmed(posts) == [f"Recorded for Ward 7, Sun 28 Feb: falls 3 (was {demo_value:g})"]
    assert ward.value("falls", YESTERDAY) == 3
    assert ward.value("falls") is None  # today untouched
    future = ward.say("Demo Nurse", "/huddle 2027-03-02 falls 1")
    assert "in the future" in private(future, "Demo Nurse")[0]
    too_old = ward.say("Demo Nurse", "/huddle 2027-02-20 falls 1")
    assert "more than 7 days ago" in private(too_old, "Demo Nurse")[0]
    with ward.runtime.db.session() as s:
        denied = s.scalars(select(Audit.action).where(Audit.outcome == "denied")).all()
    assert denied == ["huddle.day", "huddle.day"]
    lead = ward.say("Demo Lead", "/huddle 2027-02-20 falls 1")
    assert confirmed(lead)[0].startswith("Recorded for Ward 7, Sat 20 Feb: falls 1")
    assert ward.value("falls", TODAY - timedelta(days=9)) == 1


def test_a_reply_in_the_prompts_thread_records_for_the_prompts_day(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        ward_7 = s.scalar(select(Team.id).where(Team.key == "ward-7"))
    prompt = Post(
        Address("slack", "T1", "C0WARD7"),
        Text("prompt"),
        key="huddle.prompt:ward-7:2027-02-28:08:30|slack:0",
        about=About("huddle.prompt", ward_7, YESTERDAY),
    )
    ward.runtime.bot.delivered(
        prompt, Posted("slack", "C0WARD7", "1700000000.000100"), ward.clock.now()
    )
    with ward.runtime.db.session() as s:  # noted on the bot's clock, which the purge uses too
        at = s.scalar(select(Posting.at).where(Posting.message_id == "1700000000.000100"))
    assert at is not None and at.replace(tzinfo=None) == ward.clock.now().replace(tzinfo=None)
    in_thread = Origin("slack", "T1", "C0WARD7", thread="1700000000.000100")
    posts = ward.said("U0NURSE", "falls 4", in_thread)
    was = ward.readings("falls", YESTERDAY)[0].value
    assert confirmed(posts) == [f"Recorded for Ward 7, Sun 28 Feb: falls 4 (was {was:g})"]
    assert posts[0].to.thread == "1700000000.000100"
    elsewhere = ward.said("U0NURSE", "falls 4", Origin("slack", "T1", "C0WARD7", thread="99.1"))
    assert elsewhere == []


def test_a_message_to_the_bot_on_teams_is_an_answer_when_it_looks_like_one(ward: Ward) -> None:
    channel = Origin("teams", "tenant", "19:ward7@thread.tacv2")
    ward.said("29:lead", "huddle link ward-7", channel, mentioned=True)
    posts = ward.said("29:nurse", "falls 0, staffing 97", channel, mentioned=True)
    assert confirmed(posts) == ["Recorded for Ward 7, Mon 1 Mar: falls 0 · staffing 97%"]
    chat = ward.said("29:nurse", "good morning", channel, mentioned=True)
    assert "didn't catch that" in " ".join(t for t in private(chat, "29:nurse"))


def test_someone_outside_the_team_is_refused_and_it_is_audited(ward: Ward) -> None:
    posts = ward.say("Demo Director", "falls 1")
    [why] = private(posts, "Demo Director")
    assert "Only members of Ward 7 can record" in why
    assert public(posts) == [] and ward.value("falls") is None
    with ward.runtime.db.session() as s:
        audit = s.scalars(select(Audit).where(Audit.outcome == "denied")).all()
    assert [(a.action, a.subject.startswith("team:")) for a in audit] == [("huddle.record", True)]
    assert ward.say("Demo Director", "good morning all") == []  # chatting is not refused


def test_an_nhs_number_in_an_answer_is_refused_and_nothing_is_stored(ward: Ward) -> None:
    posts = ward.say("Demo Nurse", "falls 1 (patient 943 476 5919)")
    assert public(posts) == []
    [why] = private(posts, "Demo Nurse")
    assert "NHS number" in why and "943" not in why
    assert ward.value("falls") is None
