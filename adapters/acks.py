"""Acknowledgements first: work already acknowledged waits while requests are being answered.

Slack wants a 200 within 3 seconds and Huddlebot stores each request before it says so. The
core's work for requests already acknowledged runs in threads that share one GIL with the event
loop answering new ones, so under a burst the answers queued behind it. With this, a burst is
acknowledged first and its work done straight after (a thread already running carries on)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator

MOST = 1.0  # seconds acknowledged work waits at most, so a steady stream never starves it
SWITCH = 0.001  # seconds a thread may hold the GIL while another wants it (Python's own: 0.005)


class Acks:
    """How many requests are being acknowledged right now, in this process."""

    def __init__(self) -> None:
        self._open = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        self._open += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._open -= 1
            if not self._open:
                self._quiet.set()

    @contextlib.contextmanager
    def on_the_core(self, waiting: bool = True) -> Iterator[None]:
        """A request whose answer is the core's (a form submission) is not in the way while it
        waits for it: acknowledged work (maybe ahead of it in its conversation) may run."""
        if not waiting or not self._open:
            yield
            return
        self._open -= 1
        if not self._open:
            self._quiet.set()
        try:
            yield
        finally:
            self._open += 1
            self._quiet.clear()

    async def quiet(self, most: float = MOST) -> None:
        """Return when no request is being acknowledged, or after `most` seconds."""
        if self._open:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), most)


def answer_quickly() -> None:
    """Let the event loop take the GIL back from a busy core thread within a millisecond, not
    five: every acknowledgement needs it several times."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH))
