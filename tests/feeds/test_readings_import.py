"""`huddlebot import readings FILE.csv [--dry-run]`: all or nothing, problems by line and
column, idempotent, and it reads what `huddlebot export readings` writes."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest
from feeds_kit import TODAY, Feeds
from sqlalchemy import func, select

from bot.stores.tables.core import Reading
from huddlebot.commands import export, imports

AT = ("--now", "2027-03-01T08:00")
HEADER = "team,measure,date,value,numerator,denominator,source\n"


@pytest.fixture
def cli(feeds: Feeds, monkeypatch: pytest.MonkeyPatch) -> Feeds:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", feeds.runtime.settings.database_url)
    return feeds


def _count(feeds: Feeds) -> int:
    with feeds.runtime.db.session() as s:
        return int(s.scalar(select(func.count(Reading.id))) or 0)


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "readings.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_file_is_imported_once_and_again_changes_nothing(
    cli: Feeds, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = _file(
        tmp_path,
        HEADER
        + "ward-7,staffing,2027-03-01,,23,25,e-roster feed\n"
        + "ward-7,falls,2027-03-01,0,,,incident system\n"
        + "ed,handover,2027-03-01,35,,,ambulance feed\n",
    )
    assert imports.main(["readings", path, "--dry-run", *AT]) == 0
    assert "3 readings checked; dry run, nothing was stored (3 new)" in capsys.readouterr().out
    assert cli.readings("staffing") == []
    assert imports.main(["readings", path, *AT]) == 0
    assert "3 readings imported (3 new)" in capsys.readouterr().out
    [staffing] = cli.readings("staffing")
    assert (staffing.value, staffing.numerator, staffing.feed, staffing.source) == (
        92,
        23,
        "e-roster feed",
        "import",
    )
    before = _count(cli)
    assert imports.main(["readings", path, *AT]) == 0
    assert "3 readings imported (3 already there)" in capsys.readouterr().out
    assert _count(cli) == before
    assert [outcome for _, outcome in cli.audit("readings.import")] == ["ok", "ok"]


def test_the_export_layout_imports_and_changes_nothing(
    cli: Feeds, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    target = tmp_path / "export.csv"
    assert export.main(["readings", "--csv", str(target)]) == 0
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == [
        "team",
        "measure",
        "date",
        "value",
        "numerator",
        "denominator",
        "source",
        "recorded_at",
    ]
    fed = [r for r in rows if r["source"] == "theatre system"]
    assert fed and fed[-1]["date"] == TODAY.isoformat()  # the demo's fed measure
    assert not any(r["measure"] == "mood" for r in rows)  # anonymous: never per day here
    capsys.readouterr()
    before = _count(cli)
    assert imports.main(["readings", str(target), *AT]) == 0
    out = capsys.readouterr().out
    assert f"{len(rows)} readings imported" in out and "new" not in out
    assert _count(cli) == before


def test_a_malformed_file_names_each_line_and_column_and_stores_nothing(
    cli: Feeds, tmp_path: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = _file(
        tmp_path,
        HEADER
        + "ward-7,staffing,2027-03-01,96,,,e-roster feed\n"  # fine, but not stored
        + "ward-7,staffing,2027-02-28,130,,,e-roster feed\n"
        + "ward-9,falls,2027-03-01,1,,,incident system\n"
        + "ward-7,falls,01/03/2027,1,,,incident system\n"
        + "ward-7,falls,2027-02-27,1,,,MRN 1234567\n"
        + "ward-7,falls,2027-02-26,1,,,incident system,extra\n"
        + "ward-7,falls,2027-02-25,,,,incident system\n",
    )
    before = _count(cli)
    assert imports.main(["readings", path, *AT]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    for expected in (
        "line 3, column value: staffing 130% is outside 0–100%",
        "line 4, column team: is not a team of the trust",
        "line 5, column date: is not a date like 2027-03-01",
        "line 6, column source: looks like it contains a hospital number",
        "line 7: has more cells than the header's 7",
        "line 8, column value: is required",
    ):
        assert expected in err
    assert "1234567" not in err and "1234567" not in caplog.text
    assert _count(cli) == before
    assert cli.audit("readings.import") == [("import", "refused")]


def test_a_file_without_the_columns_is_refused_at_the_header(
    cli: Feeds, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = _file(tmp_path, "ward,measure,day,value\nward-7,falls,2027-03-01,1\n")
    assert imports.main(["readings", path, *AT]) == 1
    err = capsys.readouterr().err
    assert "line 1 (header), column team: the header has no such column" in err
    assert "line 1 (header), column date" in err and "column source" in err
    empty = _file(tmp_path, "")
    assert imports.main(["readings", empty, *AT]) == 1
    assert "empty" in capsys.readouterr().err
