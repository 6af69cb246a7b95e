"""The running scheduler: APScheduler fires one short tick about every 30 s (memory job store,
a misfire policy that never drops a tick, because each tick covers everything since the mark),
and a delivery loop drains the outbox. `step` does one of each at a given time, for the
console's simulated clock and for tests."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scheduler.clock import Clock, FixedClock
from scheduler.deliver import Deliverer
from scheduler.leader import Leadership
from scheduler.policy import DeliveryPolicy
from scheduler.tick import TickResult, tick, warm_calendar

if TYPE_CHECKING:
    from huddlebot.bootstrap import Runtime

log = logging.getLogger(__name__)
TICK_SECONDS = 30.0


def _deliverer(runtime: Runtime, clock: Clock, policy: DeliveryPolicy | None) -> Deliverer:
    chosen = policy or DeliveryPolicy.from_env()
    return Deliverer(
        runtime.db, runtime.platforms, clock, policy=chosen, on_delivered=runtime.bot.delivered
    )


@dataclass
class StepResult:
    tick: TickResult
    delivered: int


_stepping: weakref.WeakKeyDictionary[Any, tuple[FixedClock, Deliverer]] = (
    weakref.WeakKeyDictionary()
)


async def step(runtime: Runtime, now: datetime, policy: DeliveryPolicy | None = None) -> StepResult:
    """Run one tick at `now` and deliver every outbox row sendable at `now`."""
    if runtime not in _stepping:
        clock = FixedClock(now)
        _stepping[runtime] = (clock, _deliverer(runtime, clock, policy))
    clock, deliverer = _stepping[runtime]
    clock.set(now)
    result = await asyncio.to_thread(
        tick,
        runtime.db,
        runtime.bot.compose,
        now,
        leader="step",
        platforms=runtime.bot.platforms,
    )
    delivered, _ = await deliverer.deliver_due()
    return StepResult(result, delivered)


def step_sync(runtime: Runtime, now: datetime) -> StepResult:
    """`step` for callers without an event loop."""
    return asyncio.run(step(runtime, now))


class SchedulerService:
    """Start with `await service.start()` inside the server's event loop; `await stop()`."""

    def __init__(
        self,
        runtime: Runtime,
        clock: Clock,
        *,
        interval: float = TICK_SECONDS,
        policy: DeliveryPolicy | None = None,
        leadership: Leadership | None = None,
        ticks: bool = True,
        deliveries: bool = True,
    ) -> None:
        self.runtime, self.clock, self.interval = runtime, clock, interval
        self.ticks, self.deliveries = ticks, deliveries  # `--role scheduler` / `--role worker`
        self.leadership = leadership or Leadership(runtime.db)
        self.deliverer = _deliverer(runtime, clock, policy)
        self._stop = asyncio.Event()
        self._delivery: asyncio.Task[None] | None = None
        self._ticking = asyncio.Lock()
        self._scheduler: Any = None

    async def start(self) -> None:
        await asyncio.to_thread(warm_calendar, self.clock.now())
        if self.deliveries:
            self._delivery = asyncio.create_task(self.deliverer.run(self._stop))
        if not self.ticks:
            return
        from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
        from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

        self._scheduler = AsyncIOScheduler(timezone=UTC)
        # Ticks land just after :00 and :30, so a huddle at 08:30 is picked up at 08:30:01.
        now = datetime.now(UTC)
        aligned = now.replace(second=1, microsecond=0)
        self._scheduler.add_job(
            self.tick_once,
            IntervalTrigger(seconds=self.interval, start_date=aligned, timezone=UTC),
            id="huddlebot-tick",
            coalesce=True,
            misfire_grace_time=None,
            max_instances=1,
            next_run_time=now,
        )
        self._scheduler.start()

    async def tick_once(self) -> TickResult | None:
        """One tick if this process leads; errors are logged and the next tick covers the gap."""
        async with self._ticking:  # `stop` waits for a tick under way rather than cutting it
            return await self._tick()

    async def _tick(self) -> TickResult | None:
        try:
            if not await asyncio.to_thread(self.leadership.check):
                return None
            loop = asyncio.get_running_loop()
            result = await asyncio.to_thread(
                tick,
                self.runtime.db,
                self.runtime.bot.compose,
                self.clock.now(),
                leader=self.deliverer.name,
                platforms=self.runtime.bot.platforms,
                # send each chunk of a fan-out as it is queued, not at the worker's next look
                recorded=lambda: loop.call_soon_threadsafe(self.deliverer.nudge),
            )
            if result.enqueued:
                self.deliverer.nudge()
            return result
        except Exception:
            log.exception("scheduler tick failed; the next tick covers this one's window")
            return None

    async def stop(self) -> None:
        self._stop.set()
        if self._scheduler is not None:
            self._scheduler.pause()  # no new ticks; let one under way finish, then shut down
            async with self._ticking:
                self._scheduler.shutdown(wait=False)
        if self._delivery is not None:
            await self._delivery
        if self.ticks:
            await asyncio.to_thread(self.leadership.release)
