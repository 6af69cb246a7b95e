"""`/huddle summary` (one image, for the teams the person may see) and `huddlebot export summary`
(the same table as CSV that a spreadsheet cannot run as a formula)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from charts_kit import Ward, only_summary, texts
from sqlalchemy import select

from bot.spc.drawing.render import render_png
from bot.spreadsheet import safe_cell
from bot.stores.tables.core import Measure, Team
from huddlebot.commands import export

EVERY_TEAM = [
    ("Emergency Department", "Seen within 4 hours"),
    ("Emergency Department", "Ambulance handover"),
    ("Emergency Department", "Staffing fill rate"),
    ("Ward 7", "Falls"),
    ("Ward 7", "Staffing fill rate"),
    ("Ward 7", "Pressure ulcers"),
    ("Ward 7", "Team mood"),
    ("Main Theatres", "Late first starts"),
    ("Main Theatres", "Theatre utilisation"),
]


def test_leaders_see_every_team_members_their_own_and_a_division_narrows_it(ward: Ward) -> None:
    post, spec = only_summary(ward.say("Demo Director", "/huddle summary"))
    assert post.to.visible_to == "Demo Director"  # to the person who asked, not the ward
    assert spec.title == "Demo NHS Trust — summary, 1 Mar 2027"
    no_data = ("Ward 7", "Team mood")  # the matrix puts "no data" last
    assert [(r.team, r.measure) for r in spec.rows] == [
        *(k for k in EVERY_TEAM if k != no_data),
        no_data,
    ]
    rows = {(r.team, r.measure): r for r in spec.rows}
    handover = rows[("Emergency Department", "Ambulance handover")]
    assert (handover.latest, handover.assurance_icon) == ("40 min", "inconsistent")
    assert rows[("Ward 7", "Staffing fill rate")].latest == "93%"
    assert rows[("Ward 7", "Falls")].assurance_icon is None  # no target
    mood = rows[("Ward 7", "Team mood")]
    assert (mood.latest, mood.variation_icon, mood.state) == ("no data", None, "no data")
    assert rows[("Ward 7", "Pressure ulcers")].variation_icon == "common_cause"
    png = render_png(spec)
    assert png.startswith(b"\x89PNG") and len(png) < 100_000

    nurse = only_summary(ward.say("Demo Nurse", "/huddle summary"))[1]
    assert [(r.team, r.measure) for r in nurse.rows] == EVERY_TEAM[3:7]
    improver = only_summary(ward.say("Demo Improver", "/huddle summary surgery"))[1]
    assert improver.title.startswith("Surgery — summary")
    assert [(r.team, r.measure) for r in improver.rows] == EVERY_TEAM[7:]
    assert texts(ward.say("Demo Nurse", "/huddle summary surgery")) == [
        "You are not in any team in Surgery whose measures I can show you."
    ]
    assert texts(ward.say("Demo Director", "/huddle summary nowhere")) == [
        "There is no division called “nowhere”."
    ]


def test_the_summary_follows_todays_values(ward: Ward) -> None:
    ward.say("Demo Nurse", "/huddle falls 0, staffing 96%")
    rows = {r.measure: r for r in only_summary(ward.say("Demo Nurse", "/huddle summary"))[1].rows}
    assert (rows["Falls"].latest, rows["Staffing fill rate"].latest) == ("0", "96%")


NASTY = {
    "falls": '=HYPERLINK("http://x.example","click")',
    "staffing": "@SUM(A1:A9)",
}


def test_the_csv_export_is_the_same_table_and_safe_against_formulas(
    ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    with ward.runtime.db.session() as s:
        ward7 = s.scalar(select(Team).where(Team.key == "ward-7"))
        assert ward7 is not None
        ward7.name = "+Ward 7"
        for measure in s.scalars(select(Measure).where(Measure.team_id == ward7.id)):
            measure.name = NASTY.get(measure.key, measure.name)
        theatres = s.scalar(select(Team).where(Team.key == "theatres"))
        assert theatres is not None
        theatres.name = "-Theatres"
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    target = tmp_path / "summary.csv"
    assert export.main(["summary", "--as-of", "2027-03-01", "--csv", str(target)]) == 0
    assert "Wrote 9 measures" in capsys.readouterr().err
    raw = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(raw.splitlines()))
    assert len(rows) == len(EVERY_TEAM)
    falls = next(r for r in rows if r["measure"] == "'" + NASTY["falls"])
    assert falls["team"] == "'+Ward 7" and falls["division"] == "Medicine"
    assert (falls["latest_date"], falls["latest"], falls["points"]) == ("2027-02-28", "2", "90")
    assert (falls["chart"], falls["baseline"]) == ("xmr", "2026-12-01 to 2026-12-20")
    assert float(falls["lower_limit"]) == 0 < float(falls["mean"]) < float(falls["upper_limit"])
    ulcers = next(r for r in rows if r["measure"] == "Pressure ulcers")
    assert (ulcers["chart"], ulcers["variation_icon"]) == ("t", "common_cause")  # not improvement
    mood = next(r for r in rows if r["measure"] == "Team mood")
    assert (mood["chart"], mood["variation"], mood["mean"], mood["points"]) == (
        "none", "No data", "", "0"
    )  # fmt: skip
    assert any(r["measure"] == "'@SUM(A1:A9)" for r in rows)
    assert {r["team"] for r in rows if r["division"] == "Surgery"} == {"'-Theatres"}
    handover = next(r for r in rows if r["measure"] == "Ambulance handover")
    assert (handover["latest"], handover["unit"], handover["target"]) == ("40", "min", "30")
    assert (handover["variation_icon"], handover["assurance"]) == (
        "common_cause", "Target hit and miss"
    )  # fmt: skip
    assert ",40,min,30,90," in raw  # numbers are written as numbers, unquoted
    staffing = next(r for r in rows if r["measure"] == "'@SUM(A1:A9)")
    assert float(staffing["upper_limit"]) <= 100  # a percentage's limit stops at 100

    assert export.main(["summary", "--as-of", "2027-03-01", "--division", "surgery"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("division,team,measure,latest_date") and len(out) == 3
    assert out[0].endswith(",assurance,chart,mean,lower_limit,upper_limit,baseline")
    assert export.main(["summary", "--division", "nowhere"]) == 2
    assert "no division 'nowhere'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5 beds", "'-5 beds"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("Ward 7", "Ward 7"),
        (-5, -5),
        (92.5, 92.5),
        (3.0, 3),
        (None, ""),
    ],
)
def test_a_cell_that_looks_like_a_formula_is_neutralised_and_numbers_stay_numbers(
    value: object, cell: object
) -> None:
    assert safe_cell(value) == cell
