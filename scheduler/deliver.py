"""Drain the outbox through the platforms: paced per conversation and per workspace, honouring
Retry-After, backing off with jitter, and never leaving a row without a visible end state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from bot.db import Database
from bot.messages import Edit, Post, Posted
from bot.ports import DeliveryFailed, Platform
from scheduler import budget, outbox
from scheduler.clock import Clock
from scheduler.outbox import Claimed
from scheduler.policy import DeliveryPolicy
from scheduler.recorder import Recorder, Write, each

log = logging.getLogger(__name__)
Delivered = Callable[[Post, Posted, datetime], None]  # the post, where it landed, when
FAIL, EXPIRE = each(outbox.fail), each(outbox.expire)  # outcomes, written with others
MIN_PAUSE = 0.005  # seconds: the shortest wait between two looks at the outbox


@dataclass(frozen=True)
class Claims:
    """One claim: the rows taken, each with its slot; whether rows were found at all; and
    when to look again (a budget refills or a retry falls due), if known."""

    rows: list[tuple[Claimed, datetime]]
    waiting: bool
    wake: datetime | None


@runtime_checkable
class Recoverable(Protocol):
    """A platform that can find a post it may already have made (Slack: message metadata)."""

    async def find(self, post: Post) -> Posted | None: ...


@runtime_checkable
class KeepsConnections(Protocol):
    """A platform that can keep its connections open while a worker runs (Slack)."""

    def connections(self) -> contextlib.AbstractAsyncContextManager[None]: ...


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Deliverer:
    """One delivery worker. Any number may run against one database."""

    def __init__(
        self,
        db: Database,
        platforms: Mapping[str, Platform],
        clock: Clock,
        *,
        policy: DeliveryPolicy | None = None,
        on_delivered: Delivered | None = None,
        rng: random.Random | None = None,
        batch: int = 50,
        concurrency: int = 200,
        horizon: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.db, self.platforms, self.clock = db, platforms, clock
        self.policy = policy or DeliveryPolicy()
        self.on_delivered = on_delivered
        self.rng = rng or random.Random()
        self.batch, self.concurrency, self.horizon = batch, concurrency, horizon
        self.name = name or worker_name()
        self.recorder = Recorder(db)  # outcomes are committed together
        self._nudged = asyncio.Event()
        self.spacing = budget.Spacing(self.policy)

    def _claim(self, room: int | None = None, horizon: float = 0.0) -> Claims:
        now = self.clock.now()
        with self.db.session() as session:
            outbox.expire_overdue(session, now)
            found = outbox.candidates(session, now, min(self.batch, room or self.batch))
            taken = budget.take(session, found, now, self.policy, horizon)  # shared by all workers
            claimed = outbox.claim(session, taken.slots, now, self.name, self.policy)
            wake = taken.refill
            if not found:
                wake = outbox.next_retry(session, now)
        return Claims([(row, taken.slots.get(row.id, now)) for row in claimed], bool(found), wake)

    async def deliver_due(self) -> tuple[int, bool]:
        """Send everything sendable now; returns (rows finished, whether some still wait)."""
        finished = 0
        while True:
            claims = await asyncio.to_thread(self._claim)
            if not claims.rows:
                return finished, claims.waiting
            await asyncio.gather(*(self._deliver(row) for row, _ in claims.rows))
            finished += len(claims.rows)

    async def run(self, stop: asyncio.Event, idle: float = 0.25) -> None:
        """Deliver until `stop` is set. Sends run side by side (up to `concurrency`), so one
        slow conversation or workspace never holds up the others; survives database outages.

        Each claim reserves sends up to `horizon` seconds ahead, every one with its own slot in
        its workspace's budget; a send waits for its slot, so sends go out evenly at the rate
        rather than in bursts at each look at the outbox."""
        async with contextlib.AsyncExitStack() as kept:
            for platform in self.platforms.values():
                if isinstance(platform, KeepsConnections):
                    await kept.enter_async_context(platform.connections())
            await self._run(stop, idle)

    async def _run(self, stop: asyncio.Event, idle: float) -> None:
        inflight: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            room = self.concurrency - len(inflight)
            pause = idle
            self._nudged.clear()  # a nudge from here on brings the next look forward
            if room > 0:
                try:
                    claims = await asyncio.to_thread(self._claim, room, self.horizon)
                except Exception:
                    log.exception("could not claim outbox rows; trying again shortly")
                    claims, pause = Claims([], False, None), 2.0
                for row, slot in claims.rows:
                    task = asyncio.create_task(self._deliver_at(row, slot))
                    inflight.add(task)
                    task.add_done_callback(inflight.discard)
                if claims.waiting and claims.wake is None and claims.rows:
                    continue  # all that was found fitted: there may be more
                if claims.wake is not None:  # a budget has room again, or a retry falls due
                    until = (claims.wake - self.clock.now()).total_seconds()
                    pause = min(max(MIN_PAUSE, until), idle)
                elif claims.waiting:
                    pause = min(pause, 0.1)  # held back by a conversation's pace: not for long
            stopping = asyncio.ensure_future(stop.wait())
            nudged = asyncio.ensure_future(self._nudged.wait())
            waits: set[asyncio.Future[Any]] = {stopping, nudged}
            if room <= 0:
                waits |= inflight  # a place frees up when a send finishes
            await asyncio.wait(waits, timeout=pause, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            nudged.cancel()
        if inflight:
            await asyncio.gather(*inflight, return_exceptions=True)

    def nudge(self) -> None:
        """New rows are in the outbox (a tick just ran): look now rather than at the next pause.
        Call from the event loop the worker runs in."""
        self._nudged.set()

    async def _deliver_at(self, row: Claimed, slot: datetime) -> None:
        """Wait for the row's slot in its workspace's budget, then send it."""
        wait = (slot - self.clock.now()).total_seconds()
        if wait > 0:
            await asyncio.sleep(wait)
        late = (self.clock.now() - slot).total_seconds()
        spaced = self.spacing.delay(row.platform, row.workspace, time.monotonic(), late)
        if spaced > 0:
            await asyncio.sleep(spaced)
        await self._deliver(row)

    async def _record(self, fn: Write, *args: object, **kwargs: object) -> object:
        return await self.recorder.record(fn, *args, **kwargs)

    async def _deliver(self, row: Claimed) -> None:
        try:
            await self._attempt(row)
        except Exception:  # the DB went away mid-way: the lease expires and the row comes back
            log.exception("could not record the outcome of outbox row %s", row.idem_key)

    async def _attempt(self, row: Claimed) -> None:
        platform = self.platforms.get(row.platform)
        if platform is None:
            error = DeliveryFailed("permanent", f"no {row.platform} adapter is configured")
            await self._fail(row, error)
            return
        if row.uncertain and isinstance(row.item, Post) and isinstance(platform, Recoverable):
            found = await platform.find(row.item)
            if found is not None:
                await self._done(row, found)
                return
        if self.clock.now() > row.not_after:
            reason = "too late: an earlier attempt's outcome is unknown"
            await self._record(EXPIRE, row, self.name, reason)
            return
        try:
            send = (
                platform.edit(row.item) if isinstance(row.item, Edit) else platform.send(row.item)
            )
            posted = await asyncio.wait_for(send, timeout=self.policy.send_timeout)
        except DeliveryFailed as error:
            await self._fail(row, error)
        except TimeoutError:
            await self._fail(row, DeliveryFailed("transient", "timeout"), uncertain=True)
        except Exception as error:  # a connection reset: the platform may have posted it
            reason = type(error).__name__
            await self._fail(row, DeliveryFailed("transient", reason), uncertain=True)
        else:
            await self._done(row, posted)

    async def _fail(self, row: Claimed, error: DeliveryFailed, uncertain: bool = False) -> None:
        now = self.clock.now()
        outcome = await self._record(
            FAIL,
            row,
            self.name,
            error,
            now,
            self.policy,
            self.rng,
            uncertain=uncertain,
        )
        log.info("outbox row %s %s: %s", row.idem_key, outcome, error)
        if error.kind == "rate_limited" and self.policy.refused_gives_back.get(row.platform):
            try:
                await asyncio.to_thread(self._give_back, row, now)
            except Exception:  # only the budget loses: the row itself is recorded
                log.exception("could not give a refused send's slot back")

    def _give_back(self, row: Claimed, now: datetime) -> None:
        """In a transaction of its own, which locks nothing else: the budget's row alone."""
        with self.db.session() as session:
            budget.give_back(session, row.platform, row.workspace, now, self.policy)

    async def _done(self, row: Claimed, posted: Posted) -> None:
        now = self.clock.now()
        await self._record(outbox.complete_many, row, self.name, posted, now, self.policy)
        if self.on_delivered is not None and isinstance(row.item, Post):
            try:
                await asyncio.to_thread(self.on_delivered, row.item, posted, now)
            except Exception:
                log.exception("the core could not note where %s landed", row.idem_key)
