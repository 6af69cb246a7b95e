"""A demo trust on a fresh database, and a way to talk to the core as its people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.assembly import load_demo
from bot.events import Command, Origin, Pressed, Said, Sender, Submission
from bot.messages import Outbound, Post, Text, fallback_text
from bot.stores.tables.ideas import Idea
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock

# Wednesday 3 March 2027, 10:00 in London (GMT)
NOW = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")
ED = Origin("console", "console", "#ed")


def texts(posts: list[Outbound]) -> list[str]:
    return [fallback_text(p.message) for p in posts if isinstance(p, Post)]


@dataclass
class Ward:
    """The demo trust, spoken to as its people; the clock moves only when told."""

    runtime: Runtime
    clock: FixedClock

    def say(self, who: str, line: str, where: Origin = WARD, thread: str | None = None) -> list:
        origin = Origin(where.platform, where.workspace, where.conversation, thread)
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            event = Command(Sender("console", who, who), origin, name, rest, self.clock.now())
        else:
            event = Said(Sender("console", who, who), origin, line, self.clock.now())
        return self.runtime.bot.handle(event)

    def press(self, who: str, post: Post, label: str, where: Origin = WARD) -> list:
        assert isinstance(post.message, Text)
        button = next(b for b in post.message.buttons if b.label == label)
        event = Pressed(
            Sender("console", who, who), where, button.action, button.value, self.clock.now()
        )
        return self.runtime.bot.handle(event)

    def action(self, who: str, action: str, value: str, where: Origin = WARD) -> list:
        event = Pressed(Sender("console", who, who), where, action, value, self.clock.now())
        return self.runtime.bot.handle(event)

    def submit(
        self, who: str, form: str, values: dict, context: str = "", where: Origin = WARD
    ) -> list:
        sender = Sender("console", who, who)
        event = Submission(sender, where, form, values, context, self.clock.now())
        return self.runtime.bot.handle(event)

    def idea(self, number: int) -> Idea:
        with self.runtime.db.session() as s:
            found = s.scalar(select(Idea).where(Idea.number == number))
            assert found is not None
            s.expunge(found)
            return found

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))


@pytest.fixture
def ward(database_url: str) -> Iterator[Ward]:
    clock = FixedClock(NOW)
    runtime = build(Settings(database_url=database_url), clock=clock)
    with runtime.db.session() as s:
        load_demo(s, NOW.date(), NOW)
    yield Ward(runtime, clock)
    runtime.db.dispose()
