"""The demo trust on a fresh database, spoken to as its people, with a clock that moves only
when told (Monday 1 March 2027, London is on GMT)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import outbox_json
from bot.assembly import load_demo
from bot.events import Command, Origin, Pressed, Said, Sender, Submission
from bot.messages import Outbound, Post, Text, fallback_text
from bot.stores.tables.core import Measure, Reading, Team
from bot.stores.tables.schedule import OutboxRow
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from scheduler.tick import tick

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 8, 40, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")
MEDICINE = Origin("console", "console", "#medicine")
SURGERY = Origin("console", "console", "#surgery")


def texts(posts: list[Outbound]) -> list[str]:
    return [fallback_text(p.message) for p in posts if isinstance(p, Post)]


def public(posts: list[Outbound]) -> list[str]:
    """What everyone in the conversation sees."""
    return [fallback_text(p.message) for p in posts if isinstance(p, Post) and not p.to.visible_to]


def confirmed(posts: list[Outbound]) -> list[str]:
    """The first line of each public post: the confirmation, without lines others add under it."""
    return [text.splitlines()[0] for text in public(posts)]


def private(posts: list[Outbound], who: str) -> list[str]:
    """What only `who` sees."""
    return [
        fallback_text(p.message) for p in posts if isinstance(p, Post) and p.to.visible_to == who
    ]


@dataclass
class Ward:
    runtime: Runtime
    clock: FixedClock

    def sender(self, who: str) -> Sender:
        return Sender("console", who, who)

    def say(self, who: str, line: str, where: Origin = WARD) -> list[Outbound]:
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            event = Command(self.sender(who), where, name, rest, self.clock.now())
        else:
            event = Said(self.sender(who), where, line, self.clock.now())
        return self.runtime.bot.handle(event)  # type: ignore[arg-type]

    def said(self, who: str, line: str, origin: Origin, mentioned: bool = False) -> list[Outbound]:
        sender = Sender(origin.platform, who, who)
        event = Said(sender, origin, line, self.clock.now(), mentioned_bot=mentioned)
        return self.runtime.bot.handle(event)

    def press(self, who: str, post: Post, label: str, where: Origin = WARD) -> list[Outbound]:
        assert isinstance(post.message, Text)
        button = next(b for b in post.message.buttons if b.label == label)
        event = Pressed(self.sender(who), where, button.action, button.value, self.clock.now())
        return self.runtime.bot.handle(event)

    def submit(
        self, who: str, form: str, values: dict[str, str], context: str, where: Origin = WARD
    ) -> list[Outbound]:
        event = Submission(self.sender(who), where, form, values, context, self.clock.now())
        return self.runtime.bot.handle(event)

    def tick(self, when: datetime) -> None:
        self.clock.set(when)
        tick(self.runtime.db, self.runtime.bot.compose, when)

    def queued(self, kind: str) -> list[Post]:
        with self.runtime.db.session() as s:
            rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
            return [outbox_json.loads(r.payload) for r in rows]

    def readings(self, key: str, day: date, team: str = "ward-7") -> list[Reading]:
        """Every reading of a measure for a day, oldest first (history included)."""
        with self.runtime.db.session() as s:
            rows = list(
                s.scalars(
                    select(Reading)
                    .join(Measure, Measure.id == Reading.measure_id)
                    .join(Team, Team.id == Measure.team_id)
                    .where(Team.key == team, Measure.key == key, Reading.day == day)
                    .order_by(Reading.recorded_at, Reading.id)
                )
            )
            s.expunge_all()
            return rows

    def value(self, key: str, day: date = TODAY) -> float | None:
        current = [r for r in self.readings(key, day) if r.superseded_at is None]
        return current[-1].value if current else None

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))


@pytest.fixture
def ward(database_url: str) -> Iterator[Ward]:
    clock = FixedClock(NOW)
    runtime = build(Settings(database_url=database_url), clock=clock)
    with runtime.db.session() as s:
        load_demo(s, TODAY, NOW)
    yield Ward(runtime, clock)
    runtime.db.dispose()
