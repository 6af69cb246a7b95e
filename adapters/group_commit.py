"""Group commit: the requests that arrive together are stored in one transaction.

One writer thread takes every request waiting for it, stores them all with one INSERT and one
commit, then wakes each request's acknowledgement. Under a burst a commit costs one round trip
(and on SQLite one turn of its write lock) for many requests instead of one each, and the writes
never queue behind the core's work in the shared thread pool. A batch that cannot be committed
fails every request in it, and each is refused (503, or "NOT saved") as before."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.inbox import Request

log = logging.getLogger("huddlebot.inbox")

MOST = 500  # requests in one transaction at most
IDLE = 60.0  # seconds without a request before the writer thread ends (the next one starts it)
Waiting = tuple[Request, asyncio.AbstractEventLoop, "asyncio.Future[int | None]"]


class Receiving(Protocol):
    def receive_many(self, requests: Sequence[Request]) -> list[int | None]: ...


class GroupCommit:
    """`await receive(...)` returns once the request's row is committed (its id), or None for a
    copy of one stored before; raises what the database raised."""

    def __init__(self, inbox: Receiving, name: str = "inbox-writer") -> None:
        self.inbox, self.name = inbox, name
        self._queue: queue.SimpleQueue[Waiting | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def receive(self, key: str, kind: str, body: dict[str, Any], now: datetime) -> int | None:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[int | None] = loop.create_future()
        with self._lock:
            self._queue.put((Request(key, kind, body, now), loop, done))
            if self._thread is None:
                self._thread = threading.Thread(target=self._write, name=self.name, daemon=True)
                self._thread.start()
        return await done

    def close(self) -> None:
        """Stop the writer once what is queued is stored."""
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(30)
                self._thread = None

    def _write(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=IDLE)
            except queue.Empty:
                with self._lock:  # a request is put under the same lock
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            if first is None:
                return
            batch = [first]
            while len(batch) < MOST:  # everything that came while the last batch was written
                try:
                    waiting = self._queue.get_nowait()
                except queue.Empty:
                    break
                if waiting is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(waiting)
            self._store(batch)

    def _store(self, batch: list[Waiting]) -> None:
        try:
            ids: list[int | None] | BaseException = self.inbox.receive_many(
                [request for request, _, _ in batch]
            )
        except Exception as error:  # every request in the batch is refused with it
            ids = error
        for n, (_, loop, done) in enumerate(batch):
            outcome = ids if isinstance(ids, BaseException) else ids[n]
            try:
                loop.call_soon_threadsafe(_settle, done, outcome)
            except RuntimeError:  # its event loop has closed: nobody is waiting
                log.warning("a stored request's event loop had closed before its answer")


def _settle(done: asyncio.Future[int | None], outcome: int | None | BaseException) -> None:
    if done.done():  # the request was cancelled (its client went away): the drain has it
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)
