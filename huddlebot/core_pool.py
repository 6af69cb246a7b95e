"""The core in worker processes. In threads, the core's Python work shares one GIL with the
event loop that sends Slack's acks, and under load the acks wait; in its own processes it uses
the other cores and the loop stays free. Same `handle`/`delivered` as `bot.app.Huddlebot`."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any

from bot.events import Event
from bot.messages import Outbound, Post, Posted

_core: Any = None  # the core of this worker process


def core_from_settings(settings: Any) -> Any:
    """The core as the composition root builds it (the default factory)."""
    from huddlebot.bootstrap import build

    return build(settings, migrate=False).bot


def _start(factory: Callable[[Any], Any], settings: Any) -> None:
    global _core
    _core = factory(settings)


def _handle(event: Event, inbox_id: int | None) -> list[Outbound]:
    return _core.handle(event, inbox_id)


def _delivered(post: Post, posted: Posted, at: datetime) -> None:
    _core.delivered(post, posted, at)


class ProcessCore:
    """A pool of core processes behind the core's own synchronous interface."""

    def __init__(
        self, settings: Any, workers: int = 2, factory: Callable[[Any], Any] = core_from_settings
    ) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
            initializer=_start,
            initargs=(factory, settings),
        )

    def handle(self, event: Event, inbox_id: int | None = None) -> list[Outbound]:
        return self._pool.submit(_handle, event, inbox_id).result()

    def delivered(self, post: Post, posted: Posted, at: datetime) -> None:
        self._pool.submit(_delivered, post, posted, at).result()

    def warm(self) -> None:
        """Start every worker now rather than on the first request."""
        list(self._pool.map(_ready, range(self.workers)))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)


def _ready(_: int) -> bool:
    return _core is not None
