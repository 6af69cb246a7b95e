"""One trial run of the planner: who is free on a visit date and which areas they take."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.visits.model import Leader, VisitRules
from bot.visits.recency import Recency, Stamp

Queued = tuple[date, Stamp, str]  # (due by, last visit, area): most urgent, then least recent


@dataclass
class Run:
    """The mutable state of one trial run."""

    leaders: Sequence[Leader]
    rules: VisitRules
    recency: Recency
    pair_stamps: dict[tuple[str, str], Stamp]
    leader_last: dict[str, date]
    area_last: dict[str, date]
    load: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def may_visit(self, name: str, key: str, oldest_other: Stamp) -> bool:
        """No revisit before every other area has had a visit since this leader's last one."""
        mine = self.pair_stamps.get((name, key))
        return mine is None or oldest_other >= mine

    def burden(self, ldr: Leader) -> tuple[int, date, str]:
        """Days of cadence already used: the least burdened leader goes first."""
        used = self.load.get(ldr.name, 0) * ldr.cadence_days
        return (used, self.leader_last.get(ldr.name, date.min), ldr.name)

    def free_on(self, day: date) -> list[list[Leader]]:
        """Leaders free on `day`: one pool, or executives and non-executives when paired."""
        free = [
            ldr
            for ldr in self.leaders
            if day not in ldr.unavailable
            and (
                ldr.name not in self.leader_last
                or (day - self.leader_last[ldr.name]).days >= ldr.cadence_days
            )
        ]
        if not self.rules.pair_executive_with_non_executive:
            return [free]
        return [[ldr for ldr in free if ldr.kind == k] for k in ("executive", "non_executive")]

    def record(self, day: date, key: str, chosen: Sequence[Leader]) -> Stamp:
        self.counter += 1
        stamp = (day.toordinal(), self.counter)
        for ldr in chosen:
            self.pair_stamps[(ldr.name, key)] = stamp
            self.leader_last[ldr.name] = day
            self.load[ldr.name] = self.load.get(ldr.name, 0) + 1
        self.recency.touch(key, stamp)
        self.area_last[key] = day
        return stamp


@dataclass
class VisitDay:
    """Hands out one date's visits: the least burdened free leader takes the most urgent area
    they may visit, with the least burdened allowed partner when visits are paired."""

    run: Run
    day: date
    queues: list[list[Queued]]
    ready: list[tuple[int, Queued]] = field(default_factory=list)
    held: list[tuple[int, Queued]] = field(default_factory=list)

    def _pull(self) -> bool:
        """Move the next rested area from the queues into `ready`."""
        rest = self.run.rules.area_rest_days
        for i, queue in enumerate(self.queues):
            while queue:
                item = heapq.heappop(queue)
                last = self.run.area_last.get(item[2])
                if last is None or (self.day - last).days >= rest:
                    self.ready.append((i, item))
                    return True
                self.held.append((i, item))
        return False

    def _place(
        self, ldr: Leader, pools: list[list[Leader]]
    ) -> tuple[int, str, list[Leader]] | None:
        """The most urgent ready area `ldr` may visit, with partners; None when there is none."""
        mine = next(p for p in pools if ldr in p)
        n = 0
        while n < len(self.ready) or self._pull():
            queue, (_, _, key) = self.ready[n]
            oldest = self.run.recency.oldest_other(key)
            if self.run.may_visit(ldr.name, key, oldest):
                team = [ldr if p is mine else self._partner(p, key, oldest) for p in pools]
                if all(team):
                    self.ready.pop(n)
                    return queue, key, [t for t in team if t is not None]
            n += 1
        return None

    def _partner(self, pool: list[Leader], key: str, oldest: Stamp) -> Leader | None:
        allowed = [p for p in pool if self.run.may_visit(p.name, key, oldest)]
        return min(allowed, key=self.run.burden, default=None)

    def assign(self) -> list[tuple[str, tuple[str, ...]]]:
        """The day's visits in the order they were handed out."""
        pools = self.run.free_on(self.day)
        today: list[tuple[str, tuple[str, ...]]] = []
        visited: list[tuple[int, Queued]] = []
        while all(pools):
            ldr = min((p for pool in pools for p in pool), key=self.run.burden)
            placed = self._place(ldr, pools)
            if placed is None:
                next(p for p in pools if ldr in p).remove(ldr)
                continue
            queue, key, team = placed
            for member, pool in zip(team, pools, strict=True):
                pool.remove(member)
            stamp = self.run.record(self.day, key, team)
            due = self.day + timedelta(days=self.run.rules.every_area_within_days)
            visited.append((queue, (due, stamp, key)))
            today.append((key, tuple(m.name for m in team)))
        for i, item in self.ready + self.held + visited:
            heapq.heappush(self.queues[i], item)
        return today
