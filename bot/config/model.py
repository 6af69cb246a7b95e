"""The configuration as frozen values, after checking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.huddle.kinds import KINDS

MEASURE_KINDS = tuple(KINDS)
DIRECTIONS = ("up", "down", "neutral")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REGIONS = ("england-and-wales", "scotland", "northern-ireland")


@dataclass(frozen=True)
class MeasureConfig:
    key: str
    name: str
    kind: str
    direction: str = "neutral"
    target: float | None = None
    min: float | None = None
    max: float | None = None
    anonymous: bool = False
    unit: str = ""
    per: float | None = None  # a ratio's multiplier: 1000 for "per 1,000 bed days"
    aggregate: str = "day"  # day | week | month (counts only)
    charts: dict[str, Any] = field(default_factory=dict)  # its own Making Data Count options
    denominator: str | None = None  # a ratio's whole, fed by this measure of the team (bed days)
    source: dict[str, str] = field(default_factory=dict)  # a warehouse pull: sql, url_env, at


@dataclass(frozen=True)
class SlotConfig:
    time: str  # "HH:MM"
    days: tuple[str, ...]
    bank_holidays: str = "run"


@dataclass(frozen=True)
class TeamConfig:
    key: str
    name: str
    timezone: str | None
    huddles: tuple[SlotConfig, ...]
    measures: tuple[MeasureConfig, ...]
    settings: dict[str, Any] = field(default_factory=dict)  # nudge, digest, channels …


@dataclass(frozen=True)
class DivisionConfig:
    key: str
    name: str
    teams: tuple[TeamConfig, ...]
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonConfig:
    name: str
    ids: tuple[tuple[str, str], ...]  # (platform, the person's id there), as the file lists them
    roles: tuple[str, ...]

    def id_on(self, platform: str) -> str | None:
        return dict(self.ids).get(platform)


@dataclass(frozen=True)
class TrustConfig:
    name: str
    timezone: str
    divisions: tuple[DivisionConfig, ...]
    people: tuple[PersonConfig, ...]
    settings: dict[str, Any] = field(default_factory=dict)  # region, patterns, channels, visits
