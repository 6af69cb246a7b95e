"""What the scheduler brings: the review prompt on its date (once), the division digest, and
the weekly reflection whose answers become ideas keeping their author."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from idea_kit import ED, Ward, texts
from sqlalchemy import select

from bot import outbox_json
from bot.messages import Post, Posted, Text, fallback_text
from bot.stores.tables.core import Team
from bot.stores.tables.schedule import OutboxRow
from scheduler.tick import tick


def _tick(ward: Ward, when: datetime) -> None:
    ward.clock.set(when)
    tick(ward.runtime.db, ward.runtime.bot.compose, when)


def _queued(ward: Ward, kind: str) -> list[Post]:
    with ward.runtime.db.session() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
        return [outbox_json.loads(r.payload) for r in rows]


def test_the_owner_is_prompted_once_on_the_review_date_and_can_answer(ward: Ward) -> None:
    ward.say("Demo Nurse", "/idea Bed rails check at every handover")
    ward.say("Demo Lead", "/idea status 4 testing measure=falls review=2027-03-10")
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))  # the scheduler's first mark
    _tick(ward, datetime(2027, 3, 10, 8, 59, tzinfo=UTC))
    assert [p for p in _queued(ward, "ideas.review") if "#4" in fallback_text(p.message)] == []
    _tick(ward, datetime(2027, 3, 10, 9, 1, tzinfo=UTC))
    _tick(ward, datetime(2027, 3, 11, 9, 1, tzinfo=UTC))
    prompts = [p for p in _queued(ward, "ideas.review") if "#4" in fallback_text(p.message)]
    # Once, to the owner, on the platform where the test was started (not their Slack too).
    assert [p.to.conversation for p in prompts] == ["@Demo Lead"]
    message = prompts[0].message
    assert isinstance(message, Text)
    assert "today is its review date" in message.text
    [button] = message.buttons
    form = ward.action("Demo Lead", button.action, button.value)
    assert form[0].message.form == "idea.review" and form[0].message.context == "4"
    done = ward.submit("Demo Lead", "idea.review", {"study": "Works", "next": "adapt"}, "4")
    assert texts(done)[0] == "Idea #4 is now being reviewed (review: adapt)."


def test_the_demo_test_of_change_prompts_its_owner_the_next_morning(ward: Ward) -> None:
    """Started by no platform (the demo loader): the owner hears it everywhere they can."""
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))
    _tick(ward, datetime(2027, 3, 4, 9, 30, tzinfo=UTC))
    prompts = _queued(ward, "ideas.review")
    at_console = [p.to.conversation for p in prompts if p.to.platform == "console"]
    assert at_console == ["@Demo Lead"]  # (and on Slack too, where this deployment runs Slack)
    assert {p.to.conversation for p in prompts} <= {"@Demo Lead", "U0LEAD"}
    assert all("Idea #1 " in fallback_text(p.message) for p in prompts)


def test_a_weekly_digest_per_division_lists_new_ideas_tests_and_wins(ward: Ward) -> None:
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))
    ward.clock.set(datetime(2027, 3, 4, 10, 0, tzinfo=UTC))
    ward.say("Demo Nurse", "/idea Bed rails check at every handover")
    ward.say("Demo Lead", "/idea review 1 adopt Fewer falls")
    _tick(ward, datetime(2027, 3, 8, 10, 1, tzinfo=UTC))  # Monday 10:00 in London
    digests = _queued(ward, "ideas.digest")
    assert [p.to.conversation for p in digests] == ["#medicine"]
    message = digests[0].message
    assert message.heading == "Medicine: ideas this week"
    assert message.text == (
        "New ideas (2):\n"
        "  #3 Emergency Department: A fixed handover bay for ambulance crews during the morning"
        " peak\n"
        "  #4 Ward 7: Bed rails check at every handover\n"
        "Tests under way (0):\n  none this week\n"
        "Wins (1):\n  #1 Ward 7: Red non-slip socks for everyone on the falls risk list"
    )
    # Surgery had nothing to tell, so it hears nothing; a quiet week is quiet for all.
    _tick(ward, datetime(2027, 3, 15, 10, 1, tzinfo=UTC))
    assert len(_queued(ward, "ideas.digest")) == 1
    ward.clock.set(datetime(2027, 3, 16, 10, 0, tzinfo=UTC))
    ward.say("Demo Lead", "/idea Protected mealtimes")
    _tick(ward, datetime(2027, 3, 22, 10, 1, tzinfo=UTC))  # each week sets up the next
    [later] = _queued(ward, "ideas.digest")[1:]
    assert later.message.heading == "Medicine: ideas this week"
    assert "New ideas (1):\n  #5 Ward 7: Protected mealtimes" in later.message.text


def test_the_reflection_prompt_comes_after_fridays_huddle_and_an_answer_becomes_an_idea(
    ward: Ward,
) -> None:
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))
    _tick(ward, datetime(2027, 3, 5, 9, 29, tzinfo=UTC))
    before = sorted(p.to.conversation for p in _queued(ward, "ideas.reflection"))
    assert before == ["#ed", "#theatres"]  # their first huddles are earlier
    _tick(ward, datetime(2027, 3, 5, 9, 31, tzinfo=UTC))
    prompts = [p for p in _queued(ward, "ideas.reflection") if p.to.conversation == "#ward-7"]
    assert len(prompts) == 1
    assert prompts[0].message.text.startswith(
        "What went well this week? What could be better? Anything to try?"
    )
    ward.runtime.bot.delivered(prompts[0], Posted("console", "#ward-7", "m41"), ward.clock.now())
    answer = ward.say("Demo Nurse", "The new board works; we could try red trays", thread="m41")
    [reply] = answer
    assert (reply.to.thread, reply.to.visible_to) == ("m41", "Demo Nurse")
    assert "Your reflection answer is noted" in reply.message.text
    [button] = reply.message.buttons
    made = ward.action("Demo Nurse", button.action, button.value)  # the author clicks
    assert texts(made) == ["Idea #4 from Demo Nurse: The new board works; we could try red trays"]
    again = ward.action("Demo Nurse", button.action, button.value)
    assert texts(again) == ["That answer is already idea #4."]
    ordinary = ward.say("Demo Nurse", "see you Monday", thread="m99")
    assert ordinary == []  # a reply in any other thread is not for ideas


def test_a_reflection_answer_by_command_and_one_command_to_make_it_an_idea(ward: Ward) -> None:
    [reply] = ward.say("Demo Nurse", "/idea reflect Handover ran late every day")
    [code] = [b.value for b in reply.message.buttons]
    assert f"`/idea from-reflection {code}`" in reply.message.text
    made = ward.say("Demo Nurse", f"/idea from-reflection {code}")
    assert texts(made) == ["Idea #4 from Demo Nurse: Handover ran late every day"]
    ed = ward.say("Demo ED Lead", "/idea reflect Triage worked", where=ED)
    assert "Your reflection answer is noted" in texts(ed)[0]


def test_the_reflection_day_is_a_team_setting_and_can_be_off(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        for team in s.scalars(select(Team)):
            wanted = {"ward-7": "thursday 15:00", "ed": "off"}.get(team.key)
            if wanted:
                team.settings_json = json.dumps({"reflection": wanted})
    _tick(ward, datetime(2027, 3, 3, 10, 5, tzinfo=UTC))
    _tick(ward, datetime(2027, 3, 4, 14, 59, tzinfo=UTC))
    assert _queued(ward, "ideas.reflection") == []
    _tick(ward, datetime(2027, 3, 4, 15, 1, tzinfo=UTC))
    assert [p.to.conversation for p in _queued(ward, "ideas.reflection")] == ["#ward-7"]
    _tick(ward, datetime(2027, 3, 5, 12, 0, tzinfo=UTC))  # Friday: only theatres, by default
    later = [p.to.conversation for p in _queued(ward, "ideas.reflection")]
    assert later == ["#ward-7", "#theatres"]


def test_the_digest_goes_to_the_teams_on_a_platform_with_no_division_channel(ward: Ward) -> None:
    from bot.ideas.digest import where_to
    from bot.ideas.store import Ideas
    from bot.stores.tables.core import Address, Division

    with ward.runtime.db.session() as s:
        medicine = s.scalar(select(Division).where(Division.key == "medicine"))
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        s.add(Address(owner_kind="team", owner_id=ward7.id, platform="slack", workspace="T1",
                      conversation="C07"))  # fmt: skip
        s.flush()
        places = [(a.platform, a.conversation) for a in where_to(Ideas(s), medicine)]
    assert places == [("console", "#medicine"), ("slack", "C07")]
