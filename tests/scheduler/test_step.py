"""Walking the clock minute by minute: prompts and reminders appear at the right local minute."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sched_kit import runtime, seed
from sqlalchemy import select

from bot.db import Database
from bot.stores.tables.schedule import OccurrenceRow, OutboxRow
from scheduler.service import step


def walk(rt, start: datetime, minutes: int) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        for i in range(minutes + 1):
            now = start + timedelta(minutes=i)
            rt.clock.set(now)
            await step(rt, now)

    asyncio.run(go())


def test_prompt_and_nudge_arrive_at_their_minute(db: Database) -> None:
    seed(db)
    start = datetime(2027, 3, 1, 8, 29, tzinfo=UTC)  # 08:29 GMT, a Monday
    rt = runtime(db, start)
    walk(rt, start, 40)
    chat = rt.platforms["slack"]
    assert [(s.at.strftime("%H:%M"), s.post.key) for s in chat.sent] == [
        ("08:30", "huddle.prompt"),
        ("09:00", "huddle.nudge"),
    ]
    assert [p.key for p, _ in rt.bot.landed] == ["huddle.prompt", "huddle.nudge"]


def test_summer_time_prompt_is_at_0830_local(db: Database) -> None:
    seed(db)
    start = datetime(2027, 3, 29, 7, 0, tzinfo=UTC)  # the Monday after the clocks went forward
    rt = runtime(db, start)
    walk(rt, start, 35)
    first = rt.platforms["slack"].sent[0]
    assert first.at == datetime(2027, 3, 29, 7, 30, tzinfo=UTC)  # 08:30 BST


def test_restart_after_downtime_sends_late_if_useful_else_expires_and_tells_the_lead(
    db: Database,
) -> None:
    seed(db)
    start = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    rt = runtime(db, start)
    walk(rt, start, 1)
    # down from 08:01 to 09:20: the 08:30 prompt is past its 45 minutes, the 09:00 nudge is not
    walk(rt, datetime(2027, 3, 1, 9, 20, tzinfo=UTC), 0)
    chat = rt.platforms["slack"]
    assert [s.post.key for s in chat.sent if s.post.to.conversation == "C-ward-7"] == [
        "huddle.nudge"
    ]
    reports = [s for s in chat.sent if s.post.to.conversation == "D-ward-7"]
    assert (
        len(reports) == 1
        and "huddle prompt for Ward-7 due at 08:30 on Mon 01 Mar" in reports[0].post.message.text
    )
    with db.session() as s:
        states = dict(s.execute(select(OccurrenceRow.kind, OccurrenceRow.status)).tuples().all())
        assert states == {"huddle.prompt": "expired", "huddle.nudge": "enqueued"}
        rows = dict(s.execute(select(OutboxRow.kind, OutboxRow.status)).tuples().all())
        assert rows == {
            "huddle.prompt": "expired",
            "huddle.nudge": "sent",
            "report.expired": "sent",
        }


def test_a_removed_bot_is_dead_reported_to_the_admin_and_listed(
    db: Database,
    database_url: str,
    monkeypatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from huddlebot.commands import outbox

    seed(db)
    start = datetime(2027, 3, 1, 8, 29, tzinfo=UTC)
    rt = runtime(db, start)
    rt.platforms["slack"].faults.append("gone")  # Slack: not_in_channel
    walk(rt, start, 2)
    chat = rt.platforms["slack"]
    to_admin = [s for s in chat.sent if s.post.to.conversation == "D0ADMIN"]
    assert len(to_admin) == 1
    assert "could not be delivered to C-ward-7 on Slack" in to_admin[0].post.message.text
    assert "not_in_channel" in to_admin[0].post.message.text
    assert not [s for s in chat.sent if s.post.to.conversation == "C-ward-7"]
    monkeypatch.setenv("HUDDLEBOT_DATABASE_URL", database_url)
    assert outbox.main(["--status", "dead"]) == 0
    listed = capsys.readouterr().out
    assert "dead: 1" in listed and "C-ward-7" in listed and "not_in_channel" in listed
