"""The life cycle: who may move an idea, what each move records, who is told, and adoption."""

from __future__ import annotations

from datetime import date

import pytest
from idea_kit import Ward, texts
from sqlalchemy import select

from bot import ideas
from bot.messages import Chart, Post, Text
from bot.stores.tables.core import Address, Audit, Team, Trust
from bot.stores.tables.ideas import IdeaChange
from bot.stores.tables.schedule import TimerRow


def _post(ward: Ward) -> None:
    ward.say("Demo Nurse", "/idea Bed rails check at every handover")  # idea #4


@pytest.mark.parametrize("who", ["Demo Nurse", "Demo ED Lead", "Demo Director"])
def test_only_the_owner_the_team_lead_or_an_improvement_lead_may_change_it(
    ward: Ward, who: str
) -> None:
    _post(ward)
    [refusal] = ward.say(who, "/idea status 4 reviewing")
    assert refusal.to.visible_to == who
    assert "Only idea #4's owner, Ward 7's team lead or an improvement lead" in texts([refusal])[0]
    assert ward.idea(4).status == "new"
    with ward.runtime.db.session() as s:
        denied = s.scalars(select(Audit).where(Audit.action == "idea.status")).all()
        assert [(a.subject, a.outcome) for a in denied] == [("idea:4", "denied")]


def test_every_status_step_is_kept_and_told_to_the_author(ward: Ward) -> None:
    _post(ward)
    moved = ward.say("Demo Improver", "/idea status 4 reviewing note worth a look")
    assert texts(moved)[0] == "Idea #4 is now being reviewed (worth a look)."
    [told] = [p for p in moved if p.to.conversation == "@Demo Nurse"]
    assert "Your idea #4" in told.message.text and "being reviewed, changed by Demo Improver" in (
        told.message.text
    )
    assert ward.idea(4).owner_id is not None  # the first to move it on owns it
    # The owner (the improvement lead) may move it again; so may the team lead.
    ward.say("Demo Improver", "/idea status 4 parked note after winter")
    back = ward.say("Demo Lead", "/idea status 4 new")
    assert texts(back)[0] == "Idea #4 is now new."
    refused = ward.say("Demo Lead", "/idea status 4 adopted")
    assert texts(refused) == [
        "Idea #4 is new; it can move to: reviewing, testing, not_adopted, parked."
    ]
    ward.say("Demo Lead", "/idea status 4 not-adopted note not for us")
    assert ward.idea(4).status == "not_adopted"
    with ward.runtime.db.session() as s:
        steps = s.execute(
            select(IdeaChange.from_status, IdeaChange.to_status, IdeaChange.note)
            .where(IdeaChange.idea_id == ward.idea(4).id)
            .order_by(IdeaChange.id)
        ).all()
    assert [tuple(x) for x in steps] == [
        ("", "new", "posted"),
        ("new", "reviewing", "worth a look"),
        ("reviewing", "parked", "after winter"),
        ("parked", "new", ""),
        ("new", "not_adopted", "not for us"),
    ]
    assert (
        "being reviewed → parked by Demo Improver: after winter"
        in texts(ward.say("Demo Nurse", "/idea show 4"))[0]
    )


def test_testing_records_the_plan_and_sets_one_review_timer(ward: Ward) -> None:
    _post(ward)
    posts = ward.say(
        "Demo Lead",
        "/idea status 4 testing measure=falls from=2027-03-08 try=check rails at 8 and 8 "
        "expect=no falls from bed note two weeks on bay B",
    )
    assert texts(posts)[0] == (
        "Idea #4 is now being tested (two weeks on bay B).\nPlan: trying: check rails at 8 and 8;"
        " expecting: no falls from bed; measure: Falls; from 8 Mar 2027, review on 22 Mar 2027"
    )
    idea = ward.idea(4)
    assert (idea.test_start, idea.review_on) == (date(2027, 3, 8), date(2027, 3, 22))
    with ward.runtime.db.session() as s:
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert (date(2027, 3, 8), "Idea #4 test") in ideas.tested_ideas(s, ward7.id, "falls")
        assert ideas.tested_ideas(s, ward7.id, "staffing") == []
        timers = s.scalars(select(TimerRow).where(TimerRow.kind == "ideas.review")).all()
        mine = [(t.local_date, t.ref, t.status) for t in timers if t.slot == "idea:4"]
    assert mine == [(date(2027, 3, 22), "idea:4@console", "pending")]
    # A new review date moves the prompt; the old one is cancelled, not doubled.
    ward.say("Demo Lead", "/idea status 4 reviewing")
    ward.say("Demo Lead", "/idea status 4 testing review=2027-03-29")
    with ward.runtime.db.session() as s:
        rows = s.scalars(select(TimerRow).where(TimerRow.slot == "idea:4")).all()
        assert sorted((t.local_date.isoformat(), t.status) for t in rows) == [
            ("2027-03-22", "cancelled"),
            ("2027-03-29", "pending"),
        ]


def test_a_plan_with_an_unknown_measure_or_bad_dates_is_not_recorded(ward: Ward) -> None:
    _post(ward)
    assert texts(ward.say("Demo Lead", "/idea status 4 testing measure=smiles")) == [
        "Ward 7 has no measure 'smiles'."
    ]
    assert (
        "after the start"
        in texts(ward.say("Demo Lead", "/idea status 4 testing from=2027-03-08 review=2027-03-01"))[
            0
        ]
    )
    idea = ward.idea(4)
    assert (idea.status, idea.owner_id, idea.test_start) == ("new", None, None)


def _wins_and_slack(ward: Ward) -> None:
    with ward.runtime.db.session() as s:
        trust = s.scalar(select(Trust))
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        s.add(Address(owner_kind="wins", owner_id=trust.id, platform="console",
                      workspace="console", conversation="#wins"))  # fmt: skip
        s.add(Address(owner_kind="team", owner_id=ward7.id, platform="console",
                      workspace="console", conversation="#ward-7-extra"))  # fmt: skip


def test_adoption_is_celebrated_in_the_team_and_wins_channels_with_the_chart(ward: Ward) -> None:
    _wins_and_slack(ward)
    ward.say("Demo Director", "/idea support 1")
    assert texts(ward.say("Demo Lead", "/idea review 1 adopt")) == [
        "What did you learn? Use `/idea review 1 adopt <what you learned>`."
    ]
    posts = ward.say("Demo Lead", "/idea review 1 adopt Falls halved in the bay")
    assert texts(posts)[0] == "Idea #1 is now adopted (review: adopt)."
    assert (
        "Your idea #1" in next(p for p in posts if p.to.conversation == "@Demo Nurse").message.text
    )
    celebrations = [p for p in posts if isinstance(p.message, Text) and p.message.heading]
    assert sorted(p.to.conversation for p in celebrations) == ["#ward-7", "#ward-7-extra", "#wins"]
    words = celebrations[0].message.text
    assert "Ward 7 has adopted idea #1: Red non-slip socks" in words
    assert "Demo Nurse" in words and "Demo Lead" in words and "Demo Director" in words
    charts = [p for p in posts if isinstance(p.message, Chart)]
    assert sorted(p.to.conversation for p in charts) == ["#ward-7", "#ward-7-extra", "#wins"]
    spec = charts[0].message.spec
    assert spec.title.startswith("Falls") and spec.improvement_direction == "decrease"
    assert (date(2027, 2, 1), "Idea #1 test") in spec.markers
    assert len({p.key for p in posts if isinstance(p, Post) and p.key}) == len(
        [p for p in posts if isinstance(p, Post) and p.key]
    )  # distinct keys, so the outbox keeps every one
    idea = ward.idea(1)
    assert (idea.study, idea.next_step) == ("Falls halved in the bay", "adopt")


def test_the_review_is_recorded_through_its_form_and_abandon_means_not_adopted(
    ward: Ward,
) -> None:
    form = ward.action("Demo Lead", "open:idea.review", "1")
    assert [f.key for f in form[0].message.fields] == ["study", "next"]
    errors = ward.submit("Demo Lead", "idea.review", {"study": "", "next": "maybe"}, "1")
    assert dict(errors[0].message.errors).keys() == {"study", "next"}
    done = ward.submit("Demo Lead", "idea.review", {"study": "No change", "next": "abandon"}, "1")
    assert texts(done)[0] == "Idea #1 is now not adopted (review: abandon)."
    assert not [p for p in done if isinstance(p.message, Chart)]
    refused = ward.submit("Demo Nurse", "idea.review", {"study": "x", "next": "adopt"}, "1")
    assert "not being tested" in texts(refused)[0]


def test_an_owner_named_by_the_lead_may_then_move_the_idea_themselves(ward: Ward) -> None:
    _post(ward)
    moved = ward.say("Demo Lead", "/idea status 4 reviewing owner=demo nurse note yours to run")
    assert texts(moved)[0] == "Idea #4 is now being reviewed (yours to run)."
    assert "Owner: Demo Nurse" in texts(ward.say("Demo Nurse", "/idea show 4"))[0]
    mine = ward.say("Demo Nurse", "/idea status 4 testing measure=falls")
    assert texts(mine)[0].startswith("Idea #4 is now being tested.")
    assert texts(ward.say("Demo Lead", "/idea status 4 parked owner=Nobody Here")) == [
        "I don't know anyone called 'Nobody Here'."
    ]


def test_the_measures_chart_marks_where_the_test_started(ward: Ward) -> None:
    _post(ward)
    ward.say("Demo Lead", "/idea status 4 testing measure=falls from=2027-02-20")
    charts = [p.message for p in ward.say("Demo Nurse", "/huddle chart falls")]
    [chart] = [c for c in charts if isinstance(c, Chart)]
    assert (date(2027, 2, 20), "Idea #4 test") in chart.spec.markers
    assert (date(2027, 2, 1), "Idea #1 test") in chart.spec.markers
