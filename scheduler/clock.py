"""Clocks for the scheduler: the system's, a settable one for tests and the console's
`:advance`, and one that starts at a chosen local time and then runs at normal speed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that moves only when told to (tests, and the console's simulated time)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta | float) -> datetime:
        self._now += delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        return self._now


SimulatedClock = FixedClock


class OffsetClock:
    """Starts at `start_local` (a naive local time, e.g. 2027-03-01T08:29) and runs in real time."""

    def __init__(self, start_local: datetime, timezone: str = "Europe/London") -> None:
        if start_local.tzinfo is None:
            start_local = start_local.replace(tzinfo=ZoneInfo(timezone))
        self._start = start_local.astimezone(UTC)
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


def parse_now(text: str, timezone: str = "Europe/London") -> OffsetClock:
    """`huddlebot run --now 2027-03-01T08:29` -> a clock starting then (local time)."""
    return OffsetClock(datetime.fromisoformat(text), timezone)
