"""One delivery path for every platform: ask the core, then deliver what it returned.

A turn asks the core in the order its conversation's events came (other conversations run
alongside), answers in the turn what belongs in the conversation it came from, records where a
keyed post landed, hands the rest to the host's outbox (durable, rate-limited, retried), and
counts itself as work under way so a shutdown can finish what was already acknowledged. The
platform supplies only the `Answer` for one turn: how to answer, edit and say a failure there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine

from adapters.acks import AckFirst
from bot.events import Event, Joined
from bot.inbox import AlreadyHandled
from bot.messages import Address, Edit, Outbound, Post, Posted, Text
from bot.ports import DeliveryFailed, Platform

log = logging.getLogger("huddlebot.turns")

NOT_SAVED = "Sorry, something went wrong and that was NOT saved. Please try again in a few minutes."
CORE_CALLS = 2  # core calls at once, for acked work and again for work a platform waits on


class Core(Protocol):
    """The core as a turn sees it."""

    def handle(self, event: Event, inbox_id: int | None = None) -> list[Outbound]: ...

    def delivered(self, post: Post, posted: Posted, at: datetime) -> None: ...


class Outbox(Protocol):
    """Posts for other conversations: stored durably and sent by the scheduler's workers."""

    def __call__(self, items: Sequence[Outbound], now: datetime) -> object: ...


class Finishing(Protocol):
    def finish(self, inbox_id: int) -> None: ...


@dataclass(frozen=True)
class Host:
    """What an adapter is given by the composition root: the core, the caller's clock, the
    outbox, the database for the adapter's own tables, the platforms that send, and the
    trust's workspace rule (audited when it refuses)."""

    core: Core
    now: Callable[[], datetime]
    outbox: Outbox
    engine: Engine
    platforms: MutableMapping[str, Platform]
    refuse_unnamed: Callable[[str, datetime], bool]  # the trust pins a workspace; none named


class Answer(Protocol):
    """A platform's side of one turn: what can be said in the conversation the event came from."""

    event: Event
    inbox_id: int | None

    def is_here(self, out: Outbound) -> bool:
        """Whether `out` is answered in the turn (else it goes to the outbox)."""
        ...

    async def answer(self, post: Post) -> Posted | None:
        """Say `post` here; the place it landed, or None where it leaves nothing to find
        (a reply only its reader sees, a modal). Raises DeliveryFailed when it cannot."""
        ...

    async def edit(self, edit: Edit) -> None: ...

    def failure(self, error: Exception) -> DeliveryFailed | None:
        """What an error in answering means (None: not a delivery failure, only logged)."""
        ...

    async def undelivered(self, out: Outbound, failed: DeliveryFailed) -> None:
        """A permanent failure: tell the person, if the platform can."""
        ...


def sender_id(event: Event) -> str:
    sender = event.by if isinstance(event, Joined) else event.sender
    return sender.user_id if sender else ""


def not_saved(event: Event) -> Post:
    """The reply when the core itself failed: to the sender alone, where they spoke."""
    origin, who = event.origin, sender_id(event)
    to = Address(
        origin.platform,
        origin.workspace,
        origin.conversation,
        origin.thread,
        None if origin.private else who or None,
    )
    return Post(to, Text(NOT_SAVED))


class InTurn:
    """One conversation at a time: its events reach the core in the order they came, so
    "falls 1" and the correction typed a second later are never saved the wrong way round, and
    two people starting in a new channel never race each other."""

    def __init__(self) -> None:
        self._queues: dict[str, tuple[asyncio.Lock, int]] = {}  # key -> (lock, users)

    @contextlib.asynccontextmanager
    async def of(self, key: str) -> AsyncIterator[None]:
        lock, users = self._queues.get(key) or (asyncio.Lock(), 0)
        self._queues[key] = (lock, users + 1)
        try:
            async with lock:  # asyncio locks wake waiters first come, first served
                yield
        finally:
            lock, users = self._queues[key]
            if users == 1:
                del self._queues[key]
            else:
                self._queues[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._queues)


class Turns:
    """Runs turns for one platform against the host's core and outbox."""

    def __init__(
        self,
        host: Host,
        inbox: Finishing | None = None,
        name: str = "",
        acks: AckFirst | None = None,
    ) -> None:
        self.host = host
        self.acks = acks  # acknowledged work waits while acknowledgements are pending
        self.core = host.core
        self.inbox = inbox
        self.name = name or "platform"
        # One GIL: more core calls at once only starve the loop that answers the platform.
        # A turn the platform holds open until the core answers gets its own places.
        self._acked = asyncio.Semaphore(CORE_CALLS)
        self._waiting = asyncio.Semaphore(CORE_CALLS)
        self._in_turn = InTurn()
        self._under_way = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def ask(
        self, event: Event, waiting: bool = False, inbox_id: int | None = None
    ) -> list[Outbound]:
        """The core's answer; if the core itself fails, a reply saying nothing was saved.
        `waiting`: the platform is waiting for this answer. Raises AlreadyHandled when another
        turn stored this inbox row first (that turn answers)."""
        origin = event.origin
        place = f"{origin.platform}:{origin.workspace}:{origin.conversation}"
        try:
            async with self._in_turn.of(place):
                if not waiting and self.acks is not None:
                    await self.acks.quiet()
                async with self._waiting if waiting else self._acked:
                    return await asyncio.to_thread(self.core.handle, event, inbox_id)
        except AlreadyHandled:
            raise
        except Exception:
            log.exception("core failed on %s", type(event).__name__)
            return [not_saved(event)]

    async def run(self, turn: Answer) -> None:
        """Ask, deliver, and mark the stored request answered."""
        async with self.busy():
            try:
                outs = await self.ask(turn.event, inbox_id=turn.inbox_id)
            except AlreadyHandled:
                log.info("inbox row %s was answered by another turn", turn.inbox_id)
                return
            if self.acks is not None:  # the replies wait for the acks too
                await self.acks.quiet()
            await self.deliver(outs, turn)
            await self.answered(turn.inbox_id)

    async def deliver(self, outs: Sequence[Outbound], turn: Answer) -> None:
        """Answer here what belongs here; the rest, and what could not be sent for now, goes
        to the outbox. One failed post never stops the others."""
        elsewhere: list[Outbound] = []
        for out in outs:
            if not turn.is_here(out):
                elsewhere.append(out)
                continue
            try:
                if isinstance(out, Edit):
                    await turn.edit(out)
                    continue
                posted = await turn.answer(out)
                if posted is not None and out.key:
                    await asyncio.to_thread(self.core.delivered, out, posted, turn.event.at)
            except Exception as error:  # noqa: BLE001 - one failed post must not stop the rest
                failed = turn.failure(error)
                if failed is None:
                    log.exception("could not deliver a %s", type(out).__name__)
                elif failed.kind != "permanent":
                    log.warning("%s reply not delivered in the turn: %s", self.name, failed)
                    elsewhere.append(out)  # the outbox will retry it
                else:
                    await self._undelivered(turn, out, failed)
        if elsewhere:
            await self.dispatch(elsewhere)

    async def _undelivered(self, turn: Answer, out: Outbound, failed: DeliveryFailed) -> None:
        try:
            await turn.undelivered(out, failed)
        except Exception:  # noqa: BLE001 - telling them is best effort
            log.exception("could not say that a %s was not delivered", type(out).__name__)

    async def dispatch(self, items: Sequence[Outbound]) -> None:
        try:
            await asyncio.to_thread(self.host.outbox, list(items), self.host.now())
        except Exception:
            log.exception("could not hand %d posts to the outbox", len(items))

    async def answered(self, inbox_id: int | None) -> None:
        """The author has their answer: the stored request is done (if not, a drain delivers
        the stored answer again, or handles the request if the core never stored it)."""
        if inbox_id is None or self.inbox is None:
            return
        try:
            await asyncio.to_thread(self.inbox.finish, inbox_id)
        except Exception:
            log.exception("could not mark inbox row %s answered", inbox_id)

    @contextlib.asynccontextmanager
    async def busy(self) -> AsyncIterator[None]:
        """Count work under way, so a shutdown can finish what was already acknowledged."""
        self._under_way += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._under_way -= 1
            if not self._under_way:
                self._idle.set()

    async def finish(self, timeout: float) -> bool:
        """Wait until no acknowledged work is left; False if some is still running."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.error("%d %s turns still under way at shutdown", self._under_way, self.name)
            return False
        return True
