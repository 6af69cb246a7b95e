"""The demo trust on a fresh database, spoken to as its people, on Monday 1 March 2027 (London
is on GMT); the demo's history ends the day before."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.assembly import load_demo
from bot.events import Command, Origin, Sender
from bot.messages import Chart, Outbound, Post, fallback_text
from bot.spc.drawing.spec import ChartSpec, SummarySpec
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
WARD = Origin("console", "console", "#ward-7")


def charts(posts: list[Outbound]) -> list[Post]:
    return [p for p in posts if isinstance(p, Post) and isinstance(p.message, Chart)]


def only_chart(posts: list[Outbound]) -> tuple[Post, Chart, ChartSpec]:
    [post] = charts(posts)
    assert isinstance(post.message, Chart) and isinstance(post.message.spec, ChartSpec)
    return post, post.message, post.message.spec


def only_summary(posts: list[Outbound]) -> tuple[Post, SummarySpec]:
    [post] = charts(posts)
    assert isinstance(post.message, Chart) and isinstance(post.message.spec, SummarySpec)
    return post, post.message.spec


def texts(posts: list[Outbound]) -> list[str]:
    return [fallback_text(p.message) for p in posts if isinstance(p, Post)]


@dataclass
class Ward:
    runtime: Runtime
    clock: FixedClock

    def say(self, who: str, line: str, where: Origin = WARD) -> list[Outbound]:
        name, _, rest = line.lstrip("/").partition(" ")
        event = Command(Sender("console", who, who), where, name, rest, self.clock.now())
        return self.runtime.bot.handle(event)


@pytest.fixture
def ward(database_url: str) -> Iterator[Ward]:
    clock = FixedClock(NOW)
    runtime = build(Settings(database_url=database_url), clock=clock)
    with runtime.db.session() as s:
        load_demo(s, TODAY, NOW)
    yield Ward(runtime, clock)
    runtime.db.dispose()
