"""When each area was last visited, answering "the oldest last visit among the other areas"."""

from __future__ import annotations

import heapq

Stamp = tuple[int, int]  # (date ordinal, order within the plan; 0 for history)
NEVER: Stamp = (0, 0)  # before any real date


class Recency:
    """A heap of areas by last visit, with stale entries skipped lazily."""

    def __init__(self, stamps: dict[str, Stamp]) -> None:
        self._last = dict(stamps)
        self._heap = [(stamp, key) for key, stamp in self._last.items()]
        heapq.heapify(self._heap)

    def touch(self, key: str, stamp: Stamp) -> None:
        self._last[key] = stamp
        heapq.heappush(self._heap, (stamp, key))

    def _clean(self) -> None:
        while self._heap and self._last[self._heap[0][1]] != self._heap[0][0]:
            heapq.heappop(self._heap)

    def oldest_other(self, key: str) -> Stamp:
        """The oldest last-visit stamp among areas other than `key` (far future if none)."""
        self._clean()
        if not self._heap:
            return (10**9, 0)
        if self._heap[0][1] != key:
            return self._heap[0][0]
        top = heapq.heappop(self._heap)
        self._clean()
        second = self._heap[0][0] if self._heap else (10**9, 0)
        heapq.heappush(self._heap, top)
        return second
