"""Re-planning the rota as a trust admin does it from the command line: visits already announced
are kept unless `--replace`; a replaced visit is told to its leaders and team, and stays in the
calendar as cancelled with a higher sequence; every visits command runs on `--now`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select
from visit_kit import without_demo_visits

from bot.assembly import assemble, load_demo
from bot.db import Database
from bot.messages import fallback_text
from bot.outbox_json import loads
from bot.stores.tables.schedule import OutboxRow
from bot.stores.tables.visits import Visit
from huddlebot.commands.visits import main
from scheduler.tick import tick

NOW = "2026-12-28T09:00"
AT = datetime(2026, 12, 28, 9, 0, tzinfo=UTC)  # London is on GMT in December


@pytest.fixture
def demo_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", database_url)
    db = Database(database_url)
    with db.session() as s:
        load_demo(s, AT.date(), AT)
        without_demo_visits(s)
    tick(db, assemble(db).compose, AT)  # the scheduler's mark starts here
    yield db
    db.dispose()


def _visits(db: Database) -> dict[int, tuple[date, str]]:
    with db.session() as s:
        return {v.number: (v.day, v.status) for v in s.scalars(select(Visit))}


def test_replanning_keeps_announced_visits_and_plans_after_them(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--from", "2027-01-04", "--weeks", "4", "--apply", "--now", NOW]) == 0
    first = _visits(demo_db)
    last_kept = max(day for day, _ in first.values())
    capsys.readouterr()
    assert main(["plan", "--from", "2027-01-04", "--weeks", "8", "--apply", "--now", NOW]) == 0
    err = capsys.readouterr().err
    assert "Keeping the visits already planned" in err and "--replace" in err
    after = _visits(demo_db)
    assert {n: after[n] for n in first} == first  # same visits, same days, still planned
    added = [day for n, (day, _) in after.items() if n not in first]
    assert added and min(added) > last_kept


def test_replace_cancels_and_tells_leaders_and_team_and_the_calendar_shows_it(
    demo_db: Database, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["plan", "--from", "2027-01-04", "--weeks", "4", "--apply", "--now", NOW]) == 0
    old = set(_visits(demo_db))
    args = ["plan", "--from", "2027-01-04", "--weeks", "4", "--apply", "--replace"]
    assert main([*args, "--now", "2026-12-29T10:00"]) == 0
    assert {n: s for n, (_, s) in _visits(demo_db).items() if n in old} == dict.fromkeys(
        old, "replaced"
    )

    tick(demo_db, assemble(demo_db).compose, datetime(2026, 12, 29, 10, 1, tzinfo=UTC))
    with demo_db.session() as s:
        told = [
            loads(r.payload)
            for r in s.scalars(select(OutboxRow).where(OutboxRow.kind == "visits.cancelled"))
        ]
    texts = [(not p.to.conversation.startswith("#"), fallback_text(p.message)) for p in told]
    for number in old:
        about = [private for private, text in texts if f"(visit {number}) is cancelled" in text]
        assert True in about, f"no leader was told visit {number} is cancelled"
        assert False in about, f"no team channel was told visit {number} is cancelled"

    capsysbinary.readouterr()
    assert main(["ics", "--now", "2026-12-30T08:15"]) == 0
    events = {
        str(e["uid"]): e for e in Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")
    }
    for number in old:
        event = events[f"visit-{number}@huddlebot"]
        assert str(event["status"]) == "CANCELLED" and event["sequence"] == 1
    assert {e.decoded("dtstamp") for e in events.values()} == {
        datetime(2026, 12, 30, 8, 15, tzinfo=UTC)
    }
    assert any(str(e["status"]) == "CONFIRMED" for e in events.values())


def test_coverage_and_the_plan_run_on_the_given_clock(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--weeks", "2", "--json", "--now", "2027-05-05T09:00"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert min(date.fromisoformat(v["date"]) for v in plan) >= date(2027, 5, 10)  # next Monday
    assert main(["coverage", "--now", "2027-05-05T09:00"]) == 0
    may = capsys.readouterr().out
    assert main(["coverage", "--now", "2026-12-28T09:00"]) == 0
    december = capsys.readouterr().out
    assert may != december
    with pytest.raises(SystemExit):
        main(["coverage", "--now", "next tuesday"])
    assert "is not a date and time like 2027-03-01T08:29" in capsys.readouterr().err
