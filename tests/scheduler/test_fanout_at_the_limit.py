"""Fan-out at the rate limit: workers reserve sends ahead in the shared budget and send each at
its slot. However many workers, a workspace never gets more than its limit in any second, and
every prompt goes exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from sched_kit import FakeChat, composer, seed
from sqlalchemy import select

from bot.db import Database
from bot.messages import Address, Post, Text
from bot.stores.tables.schedule import OutboxRow
from scheduler import outbox
from scheduler.budget import Spacing
from scheduler.clock import OffsetClock
from scheduler.deliver import Deliverer
from scheduler.policy import DeliveryPolicy
from scheduler.recorder import Recorder, each
from scheduler.tick import tick

RATE = 20.0  # per workspace or tenant, so the test takes seconds, not minutes
# Sends are counted when they start, and a loaded machine starts some a moment after their
# slots, a few together: half a second's leeway (a CI machine at load 16 once started 48 of T1
# in one second). Two workers each spending their own budget would be far over: all 70 of T1
# in the first second against at most 50 here, and 40 of the tenant's against at most 31.
SLACK = RATE / 2


def _queue(db: Database, platform: str, workspace: str, channels: int, now: datetime) -> None:
    with db.session() as s:
        for n in range(channels):
            to = Address(platform, workspace, f"C{n:03d}")
            outbox.enqueue(
                s, Post(to, Text("Huddle time"), key="p"), key=f"{workspace}:{n}", now=now
            )


def _most_in_any_second(times: list[datetime]) -> int:
    times = sorted(times)
    window = timedelta(seconds=1)
    return max((sum(1 for t in times if s <= t < s + window) for s in times), default=0)


def _run_workers(db: Database, chats: dict[str, FakeChat], clock: OffsetClock, rows: int) -> None:
    policy = DeliveryPolicy(
        workspace_rate={"slack": RATE, "teams": RATE}, channel_interval={"slack": 1.0}
    )
    workers = [
        Deliverer(db, chats, clock, policy=policy, name=f"worker-{n}", batch=25)  # type: ignore[arg-type]
        for n in range(2)
    ]

    async def run() -> None:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(w.run(stop, idle=0.05)) for w in workers]
        for _ in range(600):  # at most a minute, even on a very busy machine
            if sum(len(c.sent) for c in chats.values()) >= rows:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*tasks)

    asyncio.run(run())


def test_two_workers_sending_ahead_never_exceed_a_workspace_limit(db: Database) -> None:
    clock = OffsetClock(datetime(2027, 3, 1, 8, 30))
    chats = {"slack": FakeChat(clock), "teams": FakeChat(clock, name="teams")}  # type: ignore[arg-type]
    now = clock.now()
    _queue(db, "slack", "T1", 70, now)
    _queue(db, "slack", "T2", 30, now)
    _queue(db, "teams", "tenant-1", 50, now)

    _run_workers(db, chats, clock, 150)

    slack, teams = chats["slack"].sent, chats["teams"].sent
    sent = Counter((s.post.to.workspace, s.post.to.conversation) for s in slack + teams)
    assert len(sent) == 150 and set(sent.values()) == {1}  # none lost, none twice
    with db.session() as s:
        assert set(s.scalars(select(OutboxRow.status))) == {"sent"}
    # Slack allows a second's worth at once, then the rate; Teams counts every one-second
    # window, so no burst there. Two workers each keeping a budget would send twice as many.
    t1 = [s.at for s in slack if s.post.to.workspace == "T1"]
    assert _most_in_any_second(t1) <= 2 * RATE + SLACK
    assert _most_in_any_second([s.at for s in teams]) <= RATE + 1 + SLACK


def test_sends_that_fell_behind_their_slots_go_at_the_rate_not_in_a_bunch() -> None:
    """A busy machine can wake thirty overdue sends at once: the platform sees them at the
    rate; sends on time go at their slots."""
    spacing = Spacing(DeliveryPolicy(workspace_rate={"teams": RATE}))
    on_time = [spacing.delay("teams", "tenant-1", 100.0 + n / RATE) for n in range(5)]
    assert on_time == [0.0] * 5
    starts = [105.0 + spacing.delay("teams", "tenant-1", 105.0, late=0.8) for _ in range(30)]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 1 / RATE - 1e-9
    assert sum(1 for t in starts if t < 106.0) <= RATE + 1  # as for a rate with no burst


def test_sends_on_time_queue_behind_late_ones_rather_than_doubling_the_rate() -> None:
    """After a stall, the late sends are spread at the rate; sends whose slots come meanwhile
    go after them, so the platform never sees two streams at once."""
    spacing = Spacing(DeliveryPolicy(workspace_rate={"teams": RATE}))
    starts = [200.0 + spacing.delay("teams", "tenant-1", 200.0, late=0.5) for _ in range(10)]
    for n in range(10):  # on time, at the rate, while the late ones are still going out
        now = 200.0 + n / RATE
        starts.append(now + spacing.delay("teams", "tenant-1", now))
    starts.sort()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 1 / RATE - 1e-9


def test_one_outcome_that_cannot_be_written_does_not_cost_the_others(db: Database) -> None:
    """Outcomes share a transaction; a bad one is written alone and fails alone."""
    now = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    _queue(db, "slack", "T1", 3, now)
    with db.session() as s:
        ids = sorted(s.scalars(select(OutboxRow.id)))

    def mark(session, row_id: int) -> int:  # type: ignore[no-untyped-def]
        if row_id == ids[1]:
            raise ValueError("this one cannot be written")
        row = session.get(OutboxRow, row_id)
        row.status = "skipped"
        return row_id

    write = each(mark)

    async def run() -> list[object]:
        recorder = Recorder(db)
        calls = [recorder.record(write, row_id) for row_id in ids]
        return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(run())
    assert results[0] == ids[0] and results[2] == ids[2]
    assert isinstance(results[1], ValueError)
    with db.session() as s:
        statuses = dict(s.execute(select(OutboxRow.id, OutboxRow.status)).tuples().all())
    assert statuses == {ids[0]: "skipped", ids[1]: "pending", ids[2]: "skipped"}


def test_a_big_fan_out_is_queued_in_chunks_that_can_go_before_the_rest_are_composed(
    db: Database,
) -> None:
    """A thousand prompts take a while to compose: the worker is told as soon as the first
    few are in the outbox (committed, so any worker sees them), not after the last one."""
    seed(db, teams=[f"ward-{n}" for n in range(60)], settings='{"nudge_after_minutes": 0}')
    start = datetime(2027, 3, 1, 8, 29, tzinfo=UTC)
    tick(db, composer(db), start)  # the mark
    seen_by_others: list[int] = []

    def recorded() -> None:
        with db.session() as s:  # another session: only what is committed
            seen_by_others.append(len(s.scalars(select(OutboxRow.id)).all()))

    result = tick(db, composer(db), start + timedelta(minutes=1), recorded=recorded)

    assert len(result.enqueued) == 60
    assert seen_by_others[0] < 60  # the first chunk could go while the rest were composed
    assert seen_by_others == sorted(seen_by_others) and seen_by_others[-1] == 60
    with db.session() as s:
        keys = s.scalars(select(OutboxRow.idem_key)).all()
    assert len(keys) == len(set(keys)) == 60  # each prompt once
    assert tick(db, composer(db), start + timedelta(minutes=1)).enqueued == []
