"""A trust spoken to as its people through the real composition root, on a clock that moves only
when told; and what people see of the core's answers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot import outbox_json
from bot.db import Database
from bot.events import Command, Origin, Pressed, Said, Sender, Submission
from bot.messages import Outbound, Post, Text, fallback_text
from bot.stores.tables.core import Measure, Reading, Team
from bot.stores.tables.ideas import Idea
from bot.stores.tables.schedule import OutboxRow
from huddlebot.bootstrap import Runtime
from scheduler.clock import FixedClock
from scheduler.tick import tick

WARD = Origin("console", "console", "#ward-7")


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


def readings(db: Database, key: str, day: date, team: str = "ward-7") -> list[Reading]:
    """Every reading of a team's measure for a day, oldest first (replaced ones included)."""
    with db.session() as s:
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


@dataclass
class Ward:
    """Console people in the trust's conversations (ward 7's channel unless told otherwise)."""

    runtime: Runtime
    clock: FixedClock
    today: date | None = None  # the day the ward was opened on (`value`'s default day)

    def sender(self, who: str) -> Sender:
        return Sender("console", who, who)

    def say(
        self, who: str, line: str, where: Origin = WARD, thread: str | None = None
    ) -> list[Outbound]:
        """A slash command when the line starts with "/", else a message."""
        origin = replace(where, thread=thread) if thread else where
        if line.startswith("/"):
            name, _, rest = line[1:].partition(" ")
            event: Any = Command(self.sender(who), origin, name, rest, self.clock.now())
        else:
            event = Said(self.sender(who), origin, line, self.clock.now())
        return self.runtime.bot.handle(event)

    def command(self, who: str, line: str, where: Origin = WARD) -> list[Outbound]:
        """A slash command, with or without its "/"."""
        name, _, rest = line.lstrip("/").partition(" ")
        event = Command(self.sender(who), where, name, rest, self.clock.now())
        return self.runtime.bot.handle(event)

    def said(self, who: str, line: str, origin: Origin, mentioned: bool = False) -> list[Outbound]:
        sender = Sender(origin.platform, who, who)
        event = Said(sender, origin, line, self.clock.now(), mentioned_bot=mentioned)
        return self.runtime.bot.handle(event)

    def press(self, who: str, post: Post, label: str, where: Origin = WARD) -> list[Outbound]:
        assert isinstance(post.message, Text)
        button = next(b for b in post.message.buttons if b.label == label)
        return self.action(who, button.action, button.value, where)

    def action(self, who: str, action: str, value: str, where: Origin = WARD) -> list[Outbound]:
        event = Pressed(self.sender(who), where, action, value, self.clock.now())
        return self.runtime.bot.handle(event)

    def submit(
        self, who: str, form: str, values: dict[str, str], context: str = "", where: Origin = WARD
    ) -> list[Outbound]:
        event = Submission(self.sender(who), where, form, values, context, self.clock.now())
        return self.runtime.bot.handle(event)

    def tick(self, when: datetime) -> None:
        self.clock.set(when)
        tick(self.runtime.db, self.runtime.bot.compose, when)

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def queued(self, kind: str) -> list[Post]:
        with self.runtime.db.session() as s:
            rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
            return [outbox_json.loads(r.payload) for r in rows]

    def readings(self, key: str, day: date, team: str = "ward-7") -> list[Reading]:
        """Every reading of a measure for a day, oldest first (history included)."""
        return readings(self.runtime.db, key, day, team)

    def value(self, key: str, day: date | None = None) -> float | None:
        """The current value of ward 7's measure for a day (the day the ward opened on)."""
        day = day or self.today or self.clock.now().date()
        current = [r for r in self.readings(key, day) if r.superseded_at is None]
        return current[-1].value if current else None

    def idea(self, number: int) -> Idea:
        with self.runtime.db.session() as s:
            found = s.scalar(select(Idea).where(Idea.number == number))
            assert found is not None
            s.expunge(found)
            return found
