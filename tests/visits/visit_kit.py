"""The small trust (`tests/kit`) with its visit rota applied, spoken to as its people, with the
scheduler driven step by step on a clock that moves only when told, and chat platforms that
record what arrives.

The rota from Monday 4 January 2027 (applied on Monday 28 December 2026) is, for the demo's two
leaders and three areas:
  1 Tue 5 Jan 10:00 ED (Demo Chair)       2 Tue 5 Jan 14:00 Theatres (Demo Director)
  3 Tue 19 Jan 10:00 Ward 7 (Demo Director)
  4 Tue 2 Feb 10:00 ED (Demo Chair)       5 Tue 2 Feb 14:00 Theatres (Demo Director)
  6 Tue 16 Feb 10:00 Ward 7 (Demo Director)
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.events import Command, Origin, Pressed, Sender, Submission
from bot.messages import Edit, Outbound, Post, Posted, fallback_text
from bot.stores.tables.core import HuddleSlot, Trust
from bot.stores.tables.schedule import TimerRow
from bot.stores.tables.visits import Visit, VisitAction, VisitChange, VisitNote
from bot.visits.rota import apply_plan, propose
from bot.visits.setup import load_setup
from bot.visits.store import Visits, names
from huddlebot.bootstrap import Runtime
from scheduler.clock import FixedClock
from scheduler.service import step
from tests.kit.fixtures import OpenWard

NOW = datetime(2026, 12, 28, 9, 0, tzinfo=UTC)  # a Monday; London is on GMT until March
START = date(2027, 1, 4)
WARD = Origin("console", "console", "#ward-7")
DM = Origin("console", "console", "@me", private=True)


def texts(posts: list[Outbound]) -> list[str]:
    return [fallback_text(p.message) for p in posts if isinstance(p, Post)]


@dataclass
class Arrived:
    post: Post
    at: datetime


@dataclass
class RecordingChat:
    """A chat platform that keeps what arrives, as people would see it."""

    name: str
    clock: FixedClock
    arrived: list[Arrived] = field(default_factory=list)

    async def send(self, post: Post) -> Posted:
        self.arrived.append(Arrived(post, self.clock.now()))
        return Posted(self.name, post.to.conversation, str(len(self.arrived)))

    async def edit(self, edit: Edit) -> Posted:
        return edit.posted

    async def find(self, post: Post) -> Posted | None:
        return None


@dataclass
class Rota:
    runtime: Runtime
    clock: FixedClock
    chats: dict[str, RecordingChat]

    def say(self, who: str, line: str, where: Origin = WARD) -> list[Outbound]:
        name, _, rest = line.lstrip("/").partition(" ")
        event = Command(Sender("console", who, who), where, name, rest, self.clock.now())
        return self.runtime.bot.handle(event)

    def press(self, who: str, action: str, value: str, where: Origin = DM) -> list[Outbound]:
        event = Pressed(Sender("console", who, who), where, action, value, self.clock.now())
        return self.runtime.bot.handle(event)

    def submit(
        self, who: str, form: str, values: dict[str, str], context: str, where: Origin = DM
    ) -> list[Outbound]:
        event = Submission(
            Sender("console", who, who), where, form, values, context, self.clock.now()
        )
        return self.runtime.bot.handle(event)

    def step(self, when: datetime) -> None:
        """One scheduler tick at `when`, then delivery for a few paced seconds after it."""
        for second in range(0, 60, 2):
            now = when + timedelta(seconds=second)
            self.clock.set(now)
            if not asyncio.run(step(self.runtime, now)).delivered and second:
                break
        self.clock.set(when)

    def arrived(self, key_start: str, conversation: str = "") -> list[Arrived]:
        """What reached people in the console (the platform these tests run), by post key
        prefix (and conversation)."""
        return [
            a
            for a in self.chats["console"].arrived
            if a.post.key.startswith(key_start)
            and (not conversation or a.post.to.conversation == conversation)
        ]

    def visit(self, number: int) -> tuple[str, date, str, tuple[str, ...]]:
        """(status, day, time, leaders) of a stored visit."""
        with self.runtime.db.session() as s:
            v = s.scalar(select(Visit).where(Visit.number == number))
            assert v is not None
            return v.status, v.day, v.at_time, names(v)


def without_demo_visits(session: Session) -> None:
    """A clean slate: no demo visits, actions or visit reminders."""
    session.execute(delete(TimerRow).where(TimerRow.kind.like("visits.%")))
    for table in (VisitAction, VisitNote, VisitChange, Visit):
        session.execute(delete(table))


def apply_rota(runtime: Runtime, start: date, weeks: int, now: datetime) -> None:
    with runtime.db.session() as s:
        trust = s.scalar(select(Trust))
        assert trust is not None
        visits = Visits(s)
        setup = load_setup(visits, trust)
        assert setup is not None
        apply_plan(visits, trust, setup, propose(visits, trust, setup, start, weeks), start, now)


@pytest.fixture
def rota(wards: OpenWard) -> Rota:
    """The small trust (the demo's people and areas, no history) with the rota applied."""
    kit = wards(NOW, "small")
    runtime, clock = kit.runtime, kit.clock
    chats = {name: RecordingChat(name, clock) for name in ("console", "slack")}
    runtime.platforms.update(chats)  # type: ignore[arg-type]
    with runtime.db.session() as s:
        s.execute(delete(HuddleSlot))  # daily huddles are not what these transcripts are about
        without_demo_visits(s)
    apply_rota(runtime, START, 8, NOW)
    rota = Rota(runtime, clock, chats)
    rota.step(NOW)  # the scheduler's first mark
    return rota
