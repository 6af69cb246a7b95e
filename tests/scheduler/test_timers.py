"""One-off timers set by other capabilities fire once, at their time, through the same tick."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sched_kit import runtime, seed
from sqlalchemy import select

from bot.db import Database
from bot.messages import Address, Post, Text
from bot.schedule import Due
from bot.schedule.timers import cancel_timer, set_timer
from bot.stores.tables.schedule import TimerRow
from scheduler.service import step

START = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def test_a_timer_fires_once_with_its_ref_and_a_cancelled_one_never(db: Database) -> None:
    ids = seed(db, slots=())
    seen: list[Due] = []
    rt = runtime(db, START)

    def compose(due: Due) -> list[Post]:
        seen.append(due)
        return [Post(Address("slack", "T1", "C-ward-7"), Text(f"Review {due.ref}"), key=due.kind)]

    rt.bot.compose = compose  # type: ignore[method-assign]
    with db.session() as s:
        set_timer(
            s,
            "pdsa.review",
            START + timedelta(minutes=5),
            team_id=ids["ward-7"],
            local_date=date(2027, 6, 1),
            ref="idea:12",
            now=START,
        )
        set_timer(
            s,
            "visit.reminder",
            START + timedelta(minutes=5),
            local_date=date(2027, 6, 1),
            slot="leader:4",
            ref="visit:9",
            now=START,
        )
        cancel_timer(s, "visit.reminder", local_date=date(2027, 6, 1), slot="leader:4")
    with (
        db.session() as s
    ):  # kept by the caller's clock, so the purge on a simulated clock is right
        assert {row.created_at.replace(tzinfo=None) for row in s.scalars(select(TimerRow))} == {
            START.replace(tzinfo=None)
        }

    async def go() -> None:
        for minute in range(0, 12):
            await step(rt, START + timedelta(minutes=minute))

    asyncio.run(go())
    assert [(d.kind, d.ref, d.team_key) for d in seen] == [("pdsa.review", "idea:12", "ward-7")]
    assert rt.platforms["slack"].texts() == ["Review idea:12"]
    with db.session() as s:  # it has fired: setting it again does not make it fire twice
        assert not set_timer(
            s,
            "pdsa.review",
            START + timedelta(minutes=20),
            team_id=ids["ward-7"],
            local_date=date(2027, 6, 1),
            now=START + timedelta(minutes=15),
        )
