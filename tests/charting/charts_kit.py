"""The demo trust on a fresh database, spoken to as its people, on Monday 1 March 2027 (London
is on GMT); the demo's history ends the day before."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.events import Origin
from bot.messages import Chart, Outbound, Post
from bot.spc.drawing.spec import ChartSpec, SummarySpec
from tests.kit.fixtures import OpenWard
from tests.kit.ward import WARD, texts
from tests.kit.ward import Ward as KitWard

__all__ = ["NOW", "TODAY", "WARD", "Ward", "charts", "only_chart", "only_summary", "texts", "ward"]

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


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


class Ward(KitWard):
    """The kit's ward, where every line is a command ("huddle chart falls")."""

    def say(self, who: str, line: str, where: Origin = WARD, thread: str | None = None) -> list:
        return self.command(who, line, where)


@pytest.fixture
def ward(wards: OpenWard) -> Ward:
    kit = wards(NOW, "demo")
    return Ward(kit.runtime, kit.clock, kit.today)
