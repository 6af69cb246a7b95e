"""`huddlebot schedule preview`: 08:30 local on both sides of each clock change, UTC moving,
and a bank holiday marked as skipped."""

from __future__ import annotations

import json

import pytest
from sched_kit import seed

from bot.db import Database
from huddlebot.commands import schedule


@pytest.fixture
def ward(db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    seed(db, slots=(("08:30", "mon-sun", "skip"),))
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", database_url)
    return database_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    assert schedule.main(["preview", "--team", "ward-7", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_march_change_keeps_0830_local_and_skips_good_friday(
    ward: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run(capsys, "--from", "2027-03-26", "--days", "5")
    assert [(r["local"], r["utc"], r["status"]) for r in rows] == [
        ("2027-03-26T08:30:00+00:00", "2027-03-26T08:30:00Z", "skipped: bank holiday"),
        ("2027-03-27T08:30:00+00:00", "2027-03-27T08:30:00Z", "due"),
        ("2027-03-28T08:30:00+01:00", "2027-03-28T07:30:00Z", "due"),
        ("2027-03-29T08:30:00+01:00", "2027-03-29T07:30:00Z", "skipped: bank holiday"),
        ("2027-03-30T08:30:00+01:00", "2027-03-30T07:30:00Z", "due"),
    ]
    assert {(r["team"], r["slot"]) for r in rows} == {("ward-7", "08:30")}


def test_october_change_keeps_0830_local(ward: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run(capsys, "--from", "2027-10-30", "--days", "2")
    assert [(r["local"], r["utc"]) for r in rows] == [
        ("2027-10-30T08:30:00+01:00", "2027-10-30T07:30:00Z"),
        ("2027-10-31T08:30:00+00:00", "2027-10-31T08:30:00Z"),
    ]


def test_scotland_has_its_own_holidays(
    db: Database,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed(db, slots=(("08:30", "mon-fri", "skip"),), region="scotland")
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", database_url)
    rows = run(capsys, "--from", "2027-11-29", "--days", "2")  # St Andrew's Day is the 30th
    assert [r["status"] for r in rows] == ["due", "skipped: bank holiday"]


def test_unknown_team_is_an_error(ward: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert schedule.main(["preview", "--team", "ward-99", "--from", "2027-03-26"]) == 1
    assert "ward-99" in capsys.readouterr().err
