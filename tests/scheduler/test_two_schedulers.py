"""Two scheduler processes tick against one database over several simulated days (across the
October clock change): every occurrence is recorded exactly once, with no gap, whoever wins."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sched_kit import composer, seed
from sqlalchemy import select

from bot.db import Database
from bot.schedule import occurrences
from bot.stores.tables.schedule import OccurrenceRow, OutboxRow, TickMark
from scheduler.leader import Leadership
from scheduler.plans import load_plans
from scheduler.tick import tick

pytestmark = pytest.mark.own_database("two scheduler processes write at once")

START = datetime(2027, 10, 29, 0, 0, tzinfo=UTC)
DAYS = 3
STEP = timedelta(minutes=10)


def run_scheduler(url: str, name: str, offset_seconds: int, ready: object) -> None:
    """One scheduler process walking simulated time; no leader election, on purpose."""
    db = Database(url)
    compose = composer(db)
    ready.wait()  # type: ignore[attr-defined]
    now = START + timedelta(seconds=offset_seconds)
    while now <= START + timedelta(days=DAYS):
        tick(db, compose, now, leader=name)
        now += STEP
    db.dispose()


def test_two_processes_make_no_duplicate_and_no_gap(database_url: str) -> None:
    db = Database(database_url)
    seed(
        db,
        teams=("ward-7", "ed", "theatres"),
        slots=(("08:30", "mon-sun", "run"), ("01:30", "mon-sun", "run")),
    )
    tick(db, composer(db), START, leader="setup")  # the mark starts here
    spawn = multiprocessing.get_context("spawn")
    ready = spawn.Event()
    procs = [
        spawn.Process(target=run_scheduler, args=(database_url, f"s{i}", i * 7, ready))
        for i in range(2)
    ]
    for p in procs:
        p.start()
    ready.set()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    with db.session() as s:
        keys = Counter(
            s.execute(
                select(
                    OccurrenceRow.kind,
                    OccurrenceRow.team_id,
                    OccurrenceRow.local_date,
                    OccurrenceRow.slot,
                )
            )
            .tuples()
            .all()
        )
        statuses = Counter(s.scalars(select(OccurrenceRow.status)).all())
        per_occurrence = Counter(
            s.scalars(select(OutboxRow.occurrence_id).where(OutboxRow.occurrence_id.is_not(None)))
        )
        mark = s.scalar(select(TickMark.mark_at))
        plans = load_plans(s)
    expected = Counter(
        (o.due.kind, o.due.team_id, o.due.local_date, o.due.slot)
        for p in plans
        for o in occurrences(p, START, mark)
    )
    assert mark >= START + timedelta(days=DAYS)
    assert keys == expected  # each once: no duplicate, no gap
    assert statuses == {"enqueued": sum(expected.values())}  # all on time, none expired
    assert set(per_occurrence.values()) == {1}  # one post per ward channel
    assert len(per_occurrence) == sum(expected.values())
    # The fold on 31 October: the 01:30 huddle happened once, at 01:30 BST.
    with db.session() as s:
        fold = s.scalars(
            select(OccurrenceRow.due_at).where(
                OccurrenceRow.kind == "huddle.prompt",
                OccurrenceRow.slot == "01:30",
                OccurrenceRow.local_date == datetime(2027, 10, 31).date(),
            )
        ).all()
    assert fold == [datetime(2027, 10, 31, 0, 30, tzinfo=UTC)] * 3
    db.dispose()


def test_only_one_process_leads_at_a_time(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    a, b = Leadership(first), Leadership(second)
    try:
        assert a.check() and a.check()
        assert not b.check()
        a.release()
        assert b.check()
    finally:
        a.release()
        b.release()
        first.dispose()
        second.dispose()
