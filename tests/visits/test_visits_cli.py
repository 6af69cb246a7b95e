"""`huddlebot visits`: the plan's JSON contract, the uncovered warning, --apply, coverage, and
the iCalendar export parsed with icalendar across the March and October clock changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select
from visit_kit import without_demo_visits

from bot.assembly import load_demo
from bot.db import Database
from bot.stores.tables.core import Trust
from bot.stores.tables.schedule import TimerRow
from bot.stores.tables.visits import Visit
from bot.visits.store import names
from huddlebot.commands.visits import main

LONDON = ZoneInfo("Europe/London")
AREAS = {"ward-7", "ed", "theatres"}


@pytest.fixture
def demo_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", database_url)
    db = Database(database_url)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with db.session() as s:
        load_demo(s, now.date(), now)
        without_demo_visits(s)
    yield db
    db.dispose()


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list, str]:  # type: ignore[type-arg]
    assert main(["plan", *args, "--json"]) == 0
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_the_plan_in_json_is_a_list_of_date_time_team_and_leaders(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, warnings = plan_json(capsys, "--from", "2027-01-04", "--weeks", "8")
    assert plan and warnings == ""
    for visit in plan:
        assert set(visit) == {"date", "time", "team", "leaders"}
        day = date.fromisoformat(visit["date"])
        assert day.weekday() in (1, 3) and visit["time"] in ("10:00", "14:00")
        assert visit["team"] in AREAS
        assert set(visit["leaders"]) <= {"Demo Director", "Demo Chair"} and visit["leaders"]
    assert {v["team"] for v in plan} == AREAS
    with demo_db.session() as s:
        assert s.scalars(select(Visit)).first() is None  # not saved without --apply


def test_a_plan_the_cadences_cannot_cover_names_the_areas_left_out(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_db.session() as s:
        trust = s.scalar(select(Trust))
        assert trust is not None
        settings = json.loads(trust.settings_json)
        settings["visits"]["leaders"] = [
            {"name": "Demo Chair", "kind": "non_executive", "cadence": "8w"}
        ]
        trust.settings_json = json.dumps(settings)
    plan, warnings = plan_json(capsys, "--from", "2027-01-04", "--weeks", "8")
    assert len(plan) == 1
    assert "left out: " in warnings and "warning:" in warnings
    assert main(["plan", "--from", "2027-01-04", "--weeks", "8"]) == 0
    text = capsys.readouterr().out
    assert "Not covered in time: " in text
    left = text.split("Not covered in time: ")[1].split(".")[0].split(", ")
    assert len(left) == 2 and set(left) <= {"Ward 7", "Emergency Department", "Main Theatres"}


def test_apply_saves_the_plan_and_sets_its_reminders(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--from", "2027-01-04", "--weeks", "8", "--json", "--apply"]) == 0
    out = capsys.readouterr()
    plan = json.loads(out.out)
    assert f"Saved {len(plan)} visits" in out.err
    with demo_db.session() as s:
        saved = list(s.scalars(select(Visit).order_by(Visit.number)))
        kinds = {t.kind for t in s.scalars(select(TimerRow))}
    assert [
        {"date": v.day.isoformat(), "time": v.at_time, "team": t, "leaders": list(names(v))}
        for v, t in zip(saved, [p["team"] for p in plan], strict=True)
    ] == plan
    assert {"visits.week_before", "visits.morning", "visits.team_notice"} <= kinds
    assert main(["coverage"]) == 0
    assert "Not visited within 8 weeks: Emergency Department, Main Theatres, Ward 7." in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("start", ["2027-03-15", "2027-10-18"])
def test_the_calendar_keeps_local_times_across_the_clock_changes(
    demo_db: Database, capsysbinary: pytest.CaptureFixture[bytes], start: str
) -> None:
    assert main(["plan", "--from", start, "--weeks", "4", "--apply", "--json"]) == 0
    capsysbinary.readouterr()
    assert main(["ics", "--leader", "demo director"]) == 0
    events = list(Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT"))
    with demo_db.session() as s:
        theirs = [v for v in s.scalars(select(Visit)) if "Demo Director" in names(v)]
    assert {str(e["uid"]) for e in events} == {f"visit-{v.number}@huddlebot" for v in theirs}
    offsets = set()
    for event in events:
        starts = event.decoded("dtstart")
        visit = next(v for v in theirs if f"visit-{v.number}@" in str(event["uid"]))
        local = datetime.combine(visit.day, time.fromisoformat(visit.at_time), LONDON)
        assert starts == local and starts.utcoffset() == local.utcoffset()
        assert event["dtstart"].params["TZID"] == "Europe/London"
        offsets.add(starts.utcoffset())
    assert len(offsets) == 2  # visits either side of the change


def test_an_unknown_leader_is_an_error(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ics", "--leader", "Nobody"]) == 2
    assert "Nobody is not on the visits rota" in capsys.readouterr().err
