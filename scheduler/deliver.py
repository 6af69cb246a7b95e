"""Drain the outbox through the platforms: paced per conversation and per workspace, honouring
Retry-After, backing off with jitter, and never leaving a row without a visible end state."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from bot.db import Database
from bot.messages import Edit, Post, Posted
from bot.ports import DeliveryFailed, Platform
from scheduler import budget, outbox
from scheduler.clock import Clock
from scheduler.outbox import Claimed
from scheduler.policy import DeliveryPolicy

log = logging.getLogger(__name__)
Delivered = Callable[[Post, Posted, datetime], None]  # the post, where it landed, when


@runtime_checkable
class Recoverable(Protocol):
    """A platform that can find a post it may already have made (Slack: message metadata)."""

    async def find(self, post: Post) -> Posted | None: ...


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
        name: str | None = None,
    ) -> None:
        self.db, self.platforms, self.clock = db, platforms, clock
        self.policy = policy or DeliveryPolicy()
        self.on_delivered = on_delivered
        self.rng = rng or random.Random()
        self.batch, self.concurrency = batch, concurrency
        self.name = name or worker_name()

    def _claim(self, room: int | None = None) -> tuple[list[Claimed], bool]:
        now = self.clock.now()
        with self.db.session() as session:
            outbox.expire_overdue(session, now)
            found = outbox.candidates(session, now, min(self.batch, room or self.batch))
            chosen = budget.take(session, found, now, self.policy)  # shared by all workers
            return outbox.claim(session, chosen, now, self.name, self.policy), bool(found)

    async def deliver_due(self) -> tuple[int, bool]:
        """Send everything sendable now; returns (rows finished, whether some still wait)."""
        finished = 0
        while True:
            claimed, waiting = await asyncio.to_thread(self._claim)
            if not claimed:
                return finished, waiting
            await asyncio.gather(*(self._deliver(row) for row in claimed))
            finished += len(claimed)

    async def run(self, stop: asyncio.Event, idle: float = 0.25) -> None:
        """Deliver until `stop` is set. Sends run side by side (up to `concurrency`), so one
        slow conversation or workspace never holds up the others; survives database outages."""
        inflight: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            room = self.concurrency - len(inflight)
            pause = idle
            if room > 0:
                try:
                    claimed, waiting = await asyncio.to_thread(self._claim, room)
                except Exception:
                    log.exception("could not claim outbox rows; trying again shortly")
                    claimed, waiting, pause = [], False, 2.0
                for row in claimed:
                    task = asyncio.create_task(self._deliver(row))
                    inflight.add(task)
                    task.add_done_callback(inflight.discard)
                if claimed:
                    continue
                pause = 0.1 if waiting else pause  # budgets refill: come back in a moment
            stopping = asyncio.ensure_future(stop.wait())
            waits: set[asyncio.Future[Any]] = {stopping, *inflight}
            await asyncio.wait(waits, timeout=pause, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
        if inflight:
            await asyncio.gather(*inflight, return_exceptions=True)

    def _record(self, fn: Callable[..., object], *args: object, **kwargs: object) -> object:
        with self.db.session() as session:
            return fn(session, *args, **kwargs)

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
            await asyncio.to_thread(self._record, outbox.expire, row, self.name, reason)
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
        outcome = await asyncio.to_thread(
            self._record,
            outbox.fail,
            row,
            self.name,
            error,
            now,
            self.policy,
            self.rng,
            uncertain=uncertain,
        )
        log.info("outbox row %s %s: %s", row.idem_key, outcome, error)

    async def _done(self, row: Claimed, posted: Posted) -> None:
        now = self.clock.now()
        await asyncio.to_thread(
            self._record, outbox.complete, row, self.name, posted, now, self.policy
        )
        if self.on_delivered is not None and isinstance(row.item, Post):
            try:
                await asyncio.to_thread(self.on_delivered, row.item, posted, now)
            except Exception:
                log.exception("the core could not note where %s landed", row.idem_key)
