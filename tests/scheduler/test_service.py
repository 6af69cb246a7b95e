"""The running service: APScheduler ticks and the delivery loop send a prompt at its minute,
from a clock started at a chosen local time (`huddlebot run --now …`)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from sched_kit import Core, FakeChat, Runtime, seed

from bot.db import Database
from scheduler.clock import parse_now
from scheduler.service import SchedulerService


def test_service_sends_the_prompt_when_its_minute_comes(db: Database) -> None:
    seed(db)
    clock = parse_now("2027-03-01T08:29:59")  # local time; GMT in March before the change
    chat = FakeChat(clock)  # type: ignore[arg-type]
    runtime = Runtime(db, Core(db), {"slack": chat}, clock)  # type: ignore[arg-type]

    async def run() -> None:
        service = SchedulerService(runtime, clock, interval=0.2)
        await service.start()
        deadline = time.monotonic() + 30  # generous: CI machines can be busy
        while not chat.sent and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await service.stop()

    asyncio.run(run())
    assert [s.post.key for s in chat.sent] == ["huddle.prompt"]
    assert chat.sent[0].at >= datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    assert [p.key for p, _ in runtime.bot.landed] == ["huddle.prompt"]
