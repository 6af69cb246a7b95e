"""A workspace's send budget is shared by every worker: two workers draining one workspace send
no faster together than one would (each keeping its own budget would send twice as fast)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sched_kit import FakeChat

from bot.db import Database
from bot.messages import Address, Post, Posted, Text
from bot.ports import DeliveryFailed
from scheduler import outbox
from scheduler.clock import FixedClock
from scheduler.deliver import Deliverer
from scheduler.policy import DeliveryPolicy

START = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
RATE = 4.0  # Slack's default per workspace


def _queue(db: Database, channels: int, workspace: str = "T1") -> None:
    with db.session() as s:
        for n in range(channels):
            post = Post(Address("slack", workspace, f"C{n:03d}"), Text("Huddle time"), key="p")
            outbox.enqueue(s, post, key=f"prompt:{workspace}:{n}", now=START, kind="huddle.prompt")


@dataclass
class RefusesOnce(FakeChat):
    """Answers the first send to each of `refuse` with a 429 (Retry-After: 5 s), as Slack
    does at random; a refused call is not counted against the workspace's limit."""

    refuse: set[str] = field(default_factory=set)

    async def send(self, post: Post) -> Posted:
        key = f"{post.to.workspace}/{post.to.conversation}"
        if key in self.refuse:
            self.refuse.discard(key)
            raise DeliveryFailed("rate_limited", "ratelimited", retry_after=5.0)
        return await super().send(post)


def _drain(
    db: Database,
    workers: int,
    seconds: float,
    step: float = 0.25,
    refuse: frozenset[str] = frozenset(),
) -> FakeChat:
    clock = FixedClock(START)
    chat = RefusesOnce(clock, refuse=set(refuse))
    policy = DeliveryPolicy(workspace_rate={"slack": RATE})
    team = [
        Deliverer(db, {"slack": chat}, clock, policy=policy, name=f"worker-{n}")
        for n in range(workers)
    ]

    async def run() -> None:
        while clock.now() < START + timedelta(seconds=seconds):
            for worker in team:
                await worker.deliver_due()
            clock.advance(step)

    asyncio.run(run())
    return chat


def _most_in_any_second(chat: FakeChat, workspace: str = "T1") -> int:
    times = sorted(s.at for s in chat.sent if s.post.to.workspace == workspace)
    return max(
        (sum(1 for t in times if start <= t < start + timedelta(seconds=1)) for start in times),
        default=0,
    )


def test_two_workers_share_one_workspace_budget(db: Database) -> None:
    _queue(db, 40)
    chat = _drain(db, workers=2, seconds=5)
    sent = len(chat.sent)
    burst = DeliveryPolicy(workspace_rate={"slack": RATE}).burst("slack")
    assert sent <= burst + RATE * 5  # not 2 x (burst + rate x 5)
    assert sent >= RATE * 5 - 1  # and the budget is used, not wasted
    assert _most_in_any_second(chat) <= burst + RATE


def test_every_row_goes_in_the_end_and_workspaces_do_not_share(db: Database) -> None:
    _queue(db, 12, "T1")
    _queue(db, 12, "T2")
    chat = _drain(db, workers=2, seconds=4)
    per_workspace = Counter(s.post.to.workspace for s in chat.sent)
    assert per_workspace == {"T1": 12, "T2": 12}  # each at its own 4/s: three seconds
    assert len({s.post.to.conversation + s.post.to.workspace for s in chat.sent}) == 24


def test_a_refused_send_gives_its_slot_back(db: Database) -> None:
    """Two of T1's first sends are refused (429): the platform did not count them, so T1
    still sends as many in five seconds as T2, which was refused nothing."""
    _queue(db, 40, "T1")
    _queue(db, 40, "T2")
    chat = _drain(db, workers=1, seconds=5, refuse=frozenset({"T1/C000", "T1/C001"}))
    per_workspace = Counter(s.post.to.workspace for s in chat.sent)
    assert per_workspace["T1"] == per_workspace["T2"] > RATE * 5 - 1
    assert {"C000", "C001"}.isdisjoint(  # their Retry-After has not passed: they wait
        s.post.to.conversation for s in chat.sent if s.post.to.workspace == "T1"
    )
