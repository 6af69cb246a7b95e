"""`huddlebot export ideas`: every idea as CSV that a spreadsheet cannot run as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from idea_kit import Ward

from bot.spreadsheet import safe_cell
from huddlebot.commands import export

NASTY = ('=HYPERLINK("https://x","Click")', "+44 extension", "-5 beds", "@SUM(A1:A9)")


def test_the_export_lists_every_idea_with_status_dates_team_measure_and_supporters(
    ward: Ward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for text in NASTY:
        ward.say("Demo Nurse", f"/idea {text}")
    ward.say("Demo Director", "/idea support 4")
    ward.say("Demo Lead", "/idea support 4")
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    target = tmp_path / "ideas.csv"
    assert export.main(["ideas", "--csv", str(target)]) == 0
    assert "Wrote 7 ideas" in capsys.readouterr().err
    raw = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(raw.splitlines()))
    assert [r["number"] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    first = rows[0]
    assert (first["team"], first["status"], first["measure"], first["owner"]) == (
        "Ward 7", "testing", "Falls", "Demo Lead"
    )  # fmt: skip
    assert (first["test_start"], first["review_on"]) == ("2027-02-01", "2027-03-04")
    assert first["posted"].startswith("2027-01-27T10:00")
    assert [r["idea"] for r in rows[3:]] == ["'" + t for t in NASTY]
    assert rows[3]["supporters"] == "2" and rows[3]["supporter_names"] == "Demo Director; Demo Lead"
    assert "\n4,Ward 7,new,\"'=HYPERLINK(" in raw  # numbers are written as numbers, unquoted


def test_the_export_goes_to_standard_output_without_a_file(
    ward: Ward, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", ward.runtime.settings.database_url)
    assert export.main(["ideas"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("number,team,status,idea") and len(lines) == 4


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # fullwidth ＝
        ("\uff0bSUM(A1)", "'\uff0bSUM(A1)"),  # fullwidth ＋
        ("\uff0d1", "'\uff0d1"),  # fullwidth －
        ("\uff20A1", "'\uff20A1"),  # fullwidth ＠
        ("\ufe66cmd", "'\ufe66cmd"),  # small ﹦
        ("\u207a1", "'\u207a1"),  # superscript ⁺
        ("\u22121", "'\u22121"),  # minus sign −
        (" =1+1", "' =1+1"),
        ("\u00a0\uff1d1", "'\u00a0\uff1d1"),
        ("\u200b=1", "'\u200b=1"),  # behind a zero-width space
        ("\ufeff@A1", "'\ufeff@A1"),
        ("a = b", "a = b"),
        ("a \uff1d b", "a \uff1d b"),
        ("   ", "   "),
        ("", ""),
        ("\uff11\uff12 beds", "\uff11\uff12 beds"),  # fullwidth digits are not formulas
        (-3, -3),
        (2.5, 2.5),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised_and_numbers_stay_numbers(
    value: object, cell: object
) -> None:
    assert safe_cell(value) == cell
