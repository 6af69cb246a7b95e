"""The signal line under a huddle confirmation, and a team lead's rebase: who may set one, what
is stored, and how it changes the limits, the chart and the signal."""

from __future__ import annotations

from datetime import date

from charts_kit import Ward, only_chart, texts
from sqlalchemy import delete, select

from bot.charts.describe import analysis
from bot.spc.results import XmrResult
from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import Audit, Measure, Person, Reading, Team

SHIFT = "Falls: 13 points in a row below the mean — improvement"


def test_a_new_value_that_makes_a_signal_gets_one_line_under_the_confirmation(
    ward: Ward,
) -> None:
    first = texts(ward.say("Demo Nurse", "/huddle falls 1, staffing 92%, pressure ulcers 2"))
    assert first == ["Recorded for Ward 7, Mon 1 Mar: falls 1 · staffing 92% · pressure ulcers 2"]
    # yesterday is not the latest point any more: recording it late says nothing
    late = texts(ward.say("Demo Nurse", "/huddle yesterday falls 0"))
    assert late == ["Recorded for Ward 7, Sun 28 Feb: falls 0 (was 2)"]
    corrected = texts(ward.say("Demo Nurse", "/huddle falls 0"))
    assert corrected == [f"Recorded for Ward 7, Mon 1 Mar: falls 0 (was 1)\n{SHIFT}"]


def test_a_rare_event_whose_limits_collapse_gives_no_signal_line(ward: Ward) -> None:
    """Pressure ulcers are 0 on most days: the screened limits shrink to the mean, so a 0 or a 2
    would be 'outside the limits' every day. The chart shows it; the huddle is not nagged."""
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
    before = analysis(only_chart(ward.say("Demo Nurse", "/huddle chart falls"))[2])
    assert isinstance(before, XmrResult) and len(before.groups) == 1
    posts = ward.say("Demo Lead", "/huddle rebase falls 2027-01-30 new falls bundle")
    assert texts(posts)[0] == (
        "Falls on Ward 7: from Sat 30 Jan 2027 the mean and limits are recalculated "
        "(new falls bundle). Recorded by Demo Lead."
    )
    _, _, spec = only_chart(posts)
    assert spec.options.rebase == (date(2027, 1, 30),)  # type: ignore[union-attr]
    assert (date(2027, 1, 30), "Rebased: new falls bundle") in spec.markers
    after = analysis(spec)
    assert isinstance(after, XmrResult) and len(after.groups) == 2
    old, new = after.groups
    assert after.dates[new.start] == date(2027, 1, 30)
    assert new.mean is not None and old.mean is not None and before.groups[0].mean is not None
    assert new.mean < before.groups[0].mean < old.mean  # the lower level now has its own limits
    with ward.runtime.db.session() as s:
        [row] = s.scalars(select(Rebase)).all()
        lead = s.scalar(select(Person).where(Person.name == "Demo Lead"))
        assert (row.day, row.reason, row.person_id) == (
            date(2027, 1, 30),
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
    assert spec.options.rebase == (date(2027, 2, 11),)  # type: ignore[union-attr]
    assert (date(2027, 2, 11), "Rebased: new ambulance bay") in spec.markers
