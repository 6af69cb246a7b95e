"""What falls due: the value the scheduler hands the core to compose posts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Due:
    """One timed item for one team (or none), keyed by `(kind, team, local date, slot)`."""

    kind: str  # "huddle.prompt" | "huddle.nudge" | "charts.digest" | "ideas.reflection" | timers
    team_id: int | None
    team_key: str
    local_date: date
    slot: str
    due_at: datetime  # UTC
    ref: str = ""

    @property
    def key(self) -> str:
        """The occurrence's idempotency key."""
        return f"{self.kind}:{self.team_id or 0}:{self.local_date.isoformat()}:{self.slot}"


@dataclass(frozen=True)
class Occurrence:
    """A due item and what happens to it: `due`, or `skipped` with a reason."""

    due: Due
    not_after: datetime  # UTC: after this the item is too late to be useful
    local: datetime  # the wall-clock time in the team's zone
    status: str = "due"  # "due" | "skipped"
    reason: str = ""  # "bank holiday" when skipped

    @property
    def label(self) -> str:
        return "due" if self.status == "due" else f"skipped: {self.reason}"
