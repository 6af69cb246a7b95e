"""Group commit for delivery outcomes: every outcome waiting while one transaction is written
goes into the next one, so a worker sending hundreds a second commits a few dozen times.

A writer is a batch function, `fn(session, [(args, kwargs), …]) -> [result, …]`, so like
outcomes are written with one statement. Each caller still gets its own result (or the error)
back, and only after the commit: a send counts as recorded only once it is in the database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.db import Database

Items = list[tuple[tuple[Any, ...], dict[str, Any]]]
Write = Callable[[Session, Items], list[Any]]
Call = tuple[Write, tuple[Any, ...], dict[str, Any], "asyncio.Future[Any]"]


class Recorder:
    """Runs writers' calls in shared transactions, one at a time, off the event loop."""

    def __init__(self, db: Database, most: int = 500) -> None:
        self.db, self.most = db, most
        self._waiting: list[Call] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, fn: Write, *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        writer = self._writer
        if writer is None or writer.done() or writer.get_loop() is not loop:
            self._waiting = [w for w in self._waiting if w[3].get_loop() is loop]  # a closed loop's
            self._writer = loop.create_task(self._write_all())
        self._waiting.append((fn, args, kwargs, future))
        return await future

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
            try:
                outcomes = await asyncio.to_thread(self._write, batch)
            except BaseException as error:  # e.g. cancelled at shutdown: every caller hears
                outcomes = [(False, error)] * len(batch)
            for (*_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    def _write(self, batch: list[Call]) -> list[tuple[bool, Any]]:
        """All in one transaction; if that fails, each in its own, so one bad call (or a
        database that went away) fails only its own caller."""
        try:
            with self.db.session() as session:
                return [(True, result) for result in _run(session, batch)]
        except Exception as error:
            if len(batch) == 1:
                return [(False, error)]
        return [self._alone(call) for call in batch]

    def _alone(self, call: Call) -> tuple[bool, Any]:
        try:
            with self.db.session() as session:
                return True, _run(session, [call])[0]
        except Exception as error:
            return False, error


def _run(session: Session, batch: list[Call]) -> list[Any]:
    """Each writer once, with its calls in order; the results in the batch's order."""
    groups: dict[Write, list[int]] = {}
    for index, (fn, *_) in enumerate(batch):
        groups.setdefault(fn, []).append(index)
    results: list[Any] = [None] * len(batch)
    for fn, indexes in groups.items():
        answers = fn(session, [(batch[i][1], batch[i][2]) for i in indexes])
        for i, answer in zip(indexes, answers, strict=True):
            results[i] = answer
    return results


def each(fn: Callable[..., Any]) -> Write:
    """A writer from a function of one call, `fn(session, *args, **kwargs)`."""

    def write(session: Session, items: Items) -> list[Any]:
        return [fn(session, *args, **kwargs) for args, kwargs in items]

    return write
