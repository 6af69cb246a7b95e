"""One conversation at a time: its events reach the core in the order they came, so "falls 1"
and the correction typed a second later are never saved the wrong way round, and two people
starting in a new channel never race each other. Other conversations run alongside."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class InTurn:
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
