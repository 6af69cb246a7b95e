"""The signal line under a huddle confirmation, and a team lead's rebase: who may set one, what
is stored, and how it changes the limits, the chart and the signal."""

from __future__ import annotations

import re
from datetime import date

from charts_kit import Ward, only_chart, texts
from sqlalchemy import delete, select

from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import Audit, Measure, Person, Reading, Team

OFFER = re.compile(  # the day the shift began, in words and in the command to rebase on it
    r"For the team lead: Falls: \d+ of the last \d+ points are below the mean since (\d+) Feb "
    r"— rebase\? `/huddle rebase falls 2027-02-(\d\d) <reason>`"
)


def test_a_signal_gets_a_line_under_the_confirmation_and_a_shift_an_offered_rebase(
    ward: Ward,
) -> None:
    first = texts(ward.say("Demo Nurse", "/huddle falls 1, staffing 92%, pressure ulcers 2"))
    assert first == ["Recorded for Ward 7, Mon 1 Mar: falls 1 · staffing 92% · pressure ulcers 2"]
    # yesterday is not the latest point any more: recording it late says nothing
    late = texts(ward.say("Demo Nurse", "/huddle yesterday falls 0"))
    assert late == ["Recorded for Ward 7, Sun 28 Feb: falls 0 (was 2)"]
    [corrected] = texts(ward.say("Demo Nurse", "/huddle falls 0"))
    lines = corrected.split("\n")
    assert lines[0] == "Recorded for Ward 7, Mon 1 Mar: falls 0 (was 1)"
    assert lines[1].startswith("Falls: Special cause — improvement: ") and len(lines) == 2
    # falls have stayed below the baseline's mean since the idea: the team lead is offered a
    # rebase (when they record, and on the board), which is never made for them
    [by_lead] = texts(ward.say("Demo Lead", "/huddle staffing 93%"))
    assert by_lead.split("\n")[1:] == []  # staffing has nothing to say
    [by_lead] = texts(ward.say("Demo Lead", "/huddle falls 0"))
    offer = by_lead.split("\n")[-1]
    said = OFFER.fullmatch(offer)
    assert said is not None and int(said[1]) == int(said[2])
    [board] = texts(ward.say("Demo Nurse", "/huddle board"))
    assert offer in board and "SPC: Falls: Special cause — improvement" in board
    with ward.runtime.db.session() as s:
        assert s.scalars(select(Rebase)).all() == []  # never rebased automatically


def test_a_rare_event_whose_limits_collapse_gives_no_signal_line(ward: Ward) -> None:
    """Pressure ulcers are 0 on most days: screened XmR limits would shrink to the mean and make
    a 0 or a 2 'outside the limits' every day; on the days between ulcers neither is a signal."""
    for value in ("0", "2"):
        [said] = texts(ward.say("Demo Nurse", f"/huddle pressure ulcers {value}"))
        assert "\n" not in said and said.startswith("Recorded for Ward 7, Mon 1 Mar")


def test_only_the_team_lead_may_rebase_and_the_reason_is_guarded(ward: Ward) -> None:
    refused = ward.say("Demo Nurse", "/huddle rebase falls 2027-01-30 new bundle")
    assert [p.to.visible_to for p in refused] == ["Demo Nurse"]
    assert texts(refused) == ["Only Ward 7's team lead can rebase its charts. Nothing was changed."]
    other_team = ward.say("Demo Lead", "/huddle rebase ed handover 2027-01-30 new triage")
    assert texts(other_team) == [
        "Only Emergency Department's team lead can rebase its charts. Nothing was changed."
    ]
    patient = texts(ward.say("Demo Lead", "/huddle rebase falls 2027-01-30 after 943 476 5919"))
    assert patient[0].startswith("It looks like it contains an NHS number.")
    future = texts(ward.say("Demo Lead", "/huddle rebase falls 2027-04-30 hoping"))
    assert future == ["Fri 30 Apr is in the future: a rebase marks a change that has happened."]
    assert texts(ward.say("Demo Lead", "/huddle rebase falls"))[0].startswith(
        "Use `/huddle rebase <measure> <date> <reason>`"
    )
    with ward.runtime.db.session() as s:
        assert s.scalars(select(Rebase)).all() == []
        audit = s.execute(select(Audit.action, Audit.outcome).order_by(Audit.id)).all()
        assert [tuple(a) for a in audit if a[0].startswith(("huddle.rebase", "privacy"))] == [
            ("huddle.rebase", "denied"),
            ("huddle.rebase", "denied"),
            ("privacy.nhs_number", "refused"),
        ]


def test_a_rebase_is_stored_shown_on_the_chart_and_used_for_the_limits(ward: Ward) -> None:
    before = only_chart(ward.say("Demo Nurse", "/huddle chart falls"))[2].drawing
    assert before is not None and len(before.stretches) == 1
    posts = ward.say("Demo Lead", "/huddle rebase falls 2027-02-02 new falls bundle")
    assert texts(posts)[0] == (
        "Falls on Ward 7: from Tue 2 Feb 2027 the mean and limits are recalculated "
        "(new falls bundle). Recorded by Demo Lead."
    )
    _, _, spec = only_chart(posts)
    assert (date(2027, 2, 2), "Rebased: new falls bundle") in spec.markers
    after = spec.drawing
    assert after is not None and len(after.stretches) == 2
    assert after.stretches[-1].first >= date(2027, 2, 2) > after.stretches[0].last
    # the new, lower level has its own limits: falls are now rare events, charted as time between
    assert (
        after.chart == "t" and after.baseline is not None and after.baseline[0] >= date(2027, 2, 2)
    )
    with ward.runtime.db.session() as s:
        [row] = s.scalars(select(Rebase)).all()
        lead = s.scalar(select(Person).where(Person.name == "Demo Lead"))
        assert (row.day, row.reason, row.person_id) == (
            date(2027, 2, 2),
            "new falls bundle",
            lead.id,
        )
    # the shift belonged to the old level: measured against the new one there is no signal
    assert texts(ward.say("Demo Nurse", "/huddle falls 0")) == [
        "Recorded for Ward 7, Mon 1 Mar: falls 0"
    ]


def test_a_rebase_on_a_day_without_a_value_starts_at_the_next_value(ward: Ward) -> None:
    with ward.runtime.db.session() as s:  # no handover time was recorded on 10 February
        s.execute(
            delete(Reading).where(
                Reading.day == date(2027, 2, 10),
                Reading.measure_id.in_(
                    select(Measure.id).join(Team).where(Team.key == "ed", Measure.key == "handover")
                ),
            )
        )
    posts = ward.say("Demo Admin", "/huddle rebase ed handover 2027-02-10 new ambulance bay")
    assert [p.to.visible_to for p in posts] == ["Demo Admin", "Demo Admin"]  # not Ward 7's news
    ward.say("Demo Admin", "/huddle rebase ed handover 2027-03-01 and today")
    _, _, spec = only_chart(ward.say("Demo Director", "/huddle chart ed handover"))
    # 11 February is the first charted day after the change; today has no value yet
    assert spec.drawing is not None
    assert [s.first for s in spec.drawing.stretches] == [date(2026, 12, 2), date(2027, 2, 11)]
    assert (date(2027, 2, 11), "Rebased: new ambulance bay") in spec.markers
    assert spec.values[spec.dates.index(date(2027, 2, 10))] is None  # a gap, not a zero
