"""Values for leadership visits: who visits, where, under which rules, and the rota."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

LeaderKind = Literal["executive", "non_executive", "senior_manager"]
LEADER_KINDS: tuple[str, ...] = ("executive", "non_executive", "senior_manager")


@dataclass(frozen=True)
class Leader:
    """A senior leader on the rota; visits at most once every `cadence_days`."""

    name: str
    kind: LeaderKind
    cadence_days: int
    unavailable: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in LEADER_KINDS:
            raise ValueError(f"{self.name}: kind must be one of {', '.join(LEADER_KINDS)}")
        if self.cadence_days < 1:
            raise ValueError(f"{self.name}: cadence must be at least one day")


@dataclass(frozen=True)
class Area:
    """A care area (a team) that leaders visit."""

    key: str
    name: str


@dataclass(frozen=True)
class VisitRules:
    """The board's visit rules; weekdays count Monday as 0."""

    every_area_within_days: int = 56
    weekdays: tuple[int, ...] = (1, 3)
    times: tuple[time, ...] = (time(10, 0), time(14, 0))
    pair_executive_with_non_executive: bool = False
    area_rest_days: int = 7  # an area is not visited again sooner than this

    def __post_init__(self) -> None:
        if self.every_area_within_days < 1:
            raise ValueError("every_area_within must be at least one day")
        if not self.times:
            raise ValueError("at least one visit time is needed")
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")


@dataclass(frozen=True)
class PastVisit:
    """A visit that happened before the plan starts."""

    date: date
    team_key: str
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class PlannedVisit:
    """One visit on the rota."""

    date: date
    time: time
    team_key: str
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A proposed rota, the areas it cannot cover in time, and notes for the board."""

    visits: tuple[PlannedVisit, ...]
    uncovered: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


class VisitChangeRefused(ValueError):
    """A swap or decline that the rules do not allow; the message says why."""


def visit_to_json(visit: PlannedVisit) -> dict[str, object]:
    """The JSON form of one visit."""
    return {
        "date": visit.date.isoformat(),
        "time": visit.time.strftime("%H:%M"),
        "team": visit.team_key,
        "leaders": list(visit.leaders),
    }


def plan_to_json(plan: Plan) -> list[dict[str, object]]:
    """The JSON form of a plan: a list of {date, time, team, leaders}."""
    return [visit_to_json(v) for v in plan.visits]
