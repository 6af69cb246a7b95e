"""Acknowledgements first. Slack wants a 200 within 3 seconds and Huddlebot stores each request
before it says so; the core's work for requests already acknowledged runs in threads that share
one GIL with the event loop answering new ones. Python lets a busy thread keep the GIL for 5 ms
when another wants it, and an acknowledgement needs it several times, so under a burst the
answers queued behind the core's work. So that work also waits while acknowledgements are
pending (`AckFirst`)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator

SWITCH = 0.001  # seconds a thread may hold the GIL while another wants it (Python's own: 0.005)


def answer_quickly() -> None:
    """Let the event loop take the GIL back from a busy core thread within a millisecond."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH))


class AckFirst:
    """Counts requests on their way to an acknowledgement. Work for requests already
    acknowledged (the core, its replies) waits until none is, up to `LONGEST`: that work is
    stored and can wait a moment, an acknowledgement cannot."""

    LONGEST = 2.0  # seconds acknowledged work waits for the acks to pass (a flood never ends)

    def __init__(self) -> None:
        self._pending = 0
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._crowded = asyncio.Event()  # more than one request waits for its ack

    @contextlib.contextmanager
    def pending(self) -> Iterator[None]:
        """Around one request, from its arrival to its acknowledgement."""
        self._pending += 1
        self._quiet.clear()
        if self._pending > 1:
            self._crowded.set()
        try:
            yield
        finally:
            self._pending -= 1
            if self._pending <= 1:
                self._crowded.clear()
            if not self._pending:
                self._quiet.set()

    def others(self) -> bool:
        """Whether another request than the caller's own is waiting for its acknowledgement."""
        return self._pending > 1

    async def crowded(self) -> None:
        """Return once another request than the caller's own waits for its acknowledgement."""
        await self._crowded.wait()

    async def quiet(self) -> None:
        """Return when no acknowledgement is pending (or after `LONGEST` regardless)."""
        if self._pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), self.LONGEST)
