"""`/huddle chart`: a measure's chart with its signals, tested ideas and days since the last
harm; a short series as a run chart; who may see which team's charts."""

from __future__ import annotations

from datetime import date

from charts_kit import Ward, only_chart, texts
from sqlalchemy import select

from bot.charts.describe import analysis
from bot.charts.render import render_png
from bot.events import Origin
from bot.spc.results import RunResult, XmrResult
from bot.stores.tables.core import Audit


def test_the_falls_chart_shows_the_shift_the_tested_idea_and_days_since_the_last_fall(
    ward: Ward,
) -> None:
    post, chart, spec = only_chart(ward.say("Demo Nurse", "/huddle chart falls"))
    assert post.to.conversation == "#ward-7" and post.to.visible_to is None  # for the team
    assert spec.kind == "xmr" and spec.improvement_direction == "decrease"
    assert (spec.dates[0], spec.dates[-1], len(spec.dates)) == (
        date(2026, 12, 2), date(2027, 2, 28), 89
    )  # fmt: skip
    assert (date(2027, 1, 30), "Idea #1 test") in spec.markers
    result = analysis(spec)
    assert isinstance(result, XmrResult)
    better = [
        d
        for d, t in zip(result.dates, result.point_type, strict=True)
        if t == "special_cause_improvement"
    ]
    assert len([d for d in better if d >= date(2027, 1, 30)]) >= 7  # fewer falls since the idea
    assert chart.title == "Falls — Ward 7"
    assert chart.alt.startswith("SPC chart of Falls — Ward 7 over 89 points, latest 2 on 28 Feb")
    assert chart.comment == "1 day since the last fall."
    png = render_png(spec)
    assert png.startswith(b"\x89PNG") and len(png) < 100_000


def test_a_measure_is_found_by_key_or_name_and_a_period_can_be_chosen(ward: Ward) -> None:
    by_initials = only_chart(ward.say("Demo Nurse", "/huddle chart pu"))[2]
    by_name = only_chart(ward.say("Demo Nurse", "/huddle chart pressure ulcers 30"))[2]
    assert by_initials.title == by_name.title == "Pressure ulcers — Ward 7"
    assert len(by_initials.dates) == 89 and len(by_name.dates) == 29
    assert texts(ward.say("Demo Nurse", "/huddle chart sepsis")) == [
        "Ward 7 has no measure called “sepsis”. "
        "Its measures: falls, staffing, pressure ulcers, mood."
    ]
    assert (
        "Choose between 7 and 730 days" in texts(ward.say("Demo Nurse", "/huddle chart falls 3"))[0]
    )
    assert texts(ward.say("Demo Nurse", "/huddle chart mood")) == [
        "Nothing has been recorded for Team mood in the last 90 days."
    ]


def test_fewer_than_13_points_is_a_run_chart_that_says_limits_come_later(ward: Ward) -> None:
    _, chart, spec = only_chart(ward.say("Demo Nurse", "/huddle chart staffing 13"))
    assert spec.kind == "run" and len(spec.dates) == 12
    assert isinstance(analysis(spec), RunResult)
    assert chart.comment == (
        "Only 12 values so far, so this is a run chart: control limits come once there are 13."
    )
    assert chart.alt.startswith("Run chart of Staffing fill rate — Ward 7 over 12 points")
    _, chart, spec = only_chart(ward.say("Demo Nurse", "/huddle chart staffing 14"))
    assert spec.kind == "xmr" and len(spec.dates) == 13 and spec.target == 95
    assert chart.comment == ""  # a percentage: no days-since line
    assert "Target hit and miss" in chart.alt


def test_another_teams_chart_is_for_that_team_and_the_trusts_leaders(ward: Ward) -> None:
    assert texts(ward.say("Demo Nurse", "/huddle chart ed handover")) == [
        "Only Emergency Department's team can see its charts."
    ]
    with ward.runtime.db.session() as s:
        denied = s.scalars(select(Audit).where(Audit.action == "huddle.chart")).all()
        assert [a.outcome for a in denied] == ["denied"]
    post, chart, spec = only_chart(ward.say("Demo Director", "/huddle chart ed handover"))
    assert post.to.visible_to == "Demo Director"  # not shown to Ward 7's channel
    assert spec.title == "Ambulance handover — Emergency Department" and spec.target == 30
    assert spec.improvement_direction == "decrease"


def test_in_a_division_channel_a_leader_names_the_team(ward: Ward) -> None:
    medicine = Origin("console", "console", "#medicine")
    [hint] = texts(ward.say("Demo Director", "/huddle chart falls", where=medicine))
    assert hint.endswith("Or name the team first: `/huddle chart <team> <measure>`.")
    post, _, spec = only_chart(ward.say("Demo Director", "/huddle chart ward-7 falls", medicine))
    assert spec.title == "Falls — Ward 7" and post.to.visible_to == "Demo Director"
