"""The trust's visit set-up as planner values: rules and leaders from the `visits:` block, areas
from the teams, bank holidays from the trust's region."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from bot.config.model import DAY_NAMES
from bot.config.visits import period_days
from bot.schedule.bank import bank_holiday
from bot.stores.tables.core import Trust
from bot.visits.model import Area, Leader, VisitRules
from bot.visits.store import Visits


@dataclass(frozen=True)
class VisitSetup:
    """Everything the rota needs to know about a trust."""

    rules: VisitRules
    leaders: tuple[Leader, ...]
    areas: tuple[Area, ...]
    region: str
    duration_minutes: int = 60

    def leader(self, name: str) -> Leader | None:
        wanted = name.strip().lower()
        return next((ldr for ldr in self.leaders if ldr.name.lower() == wanted), None)

    def area_name(self, key: str) -> str:
        return next((a.name for a in self.areas if a.key == key), key)

    def bank_holidays(self, first: date, last: date) -> frozenset[date]:
        """Bank holidays in [first, last] in the trust's region."""
        days = (first + timedelta(days=i) for i in range((last - first).days + 1))
        return frozenset(d for d in days if bank_holiday(d, self.region))


def visits_block(trust: Trust) -> dict[str, Any] | None:
    """The configuration's `visits:` block, or None when the trust has none."""
    try:
        settings = json.loads(trust.settings_json or "{}")
    except ValueError:
        return None
    block = settings.get("visits")
    return block if isinstance(block, dict) else None


def _leader(raw: dict[str, Any]) -> Leader:
    name = str(raw["name"])
    where = f"visits, leader '{name}'"
    return Leader(
        name=name,
        kind=raw.get("kind", "executive"),
        cadence_days=period_days(raw.get("cadence", "4w"), where, "cadence"),
        unavailable=frozenset(date.fromisoformat(str(d)) for d in raw.get("unavailable") or []),
    )


def load_setup(visits: Visits, trust: Trust) -> VisitSetup | None:
    """The trust's visit set-up, or None when the configuration has no `visits:` block."""
    block = visits_block(trust)
    if block is None:
        return None
    rules = VisitRules(
        every_area_within_days=period_days(
            block.get("every_area_within", "8w"), "visits", "every_area_within"
        ),
        weekdays=tuple(
            DAY_NAMES.index(str(d).lower()) for d in block.get("weekdays", ["tue", "thu"])
        ),
        times=tuple(time.fromisoformat(str(t)) for t in block.get("times", ["10:00", "14:00"])),
        pair_executive_with_non_executive=bool(
            block.get("pair_executive_with_non_executive", False)
        ),
    )
    teams = visits.areas(trust.id)
    return VisitSetup(
        rules=rules,
        leaders=tuple(_leader(raw) for raw in block.get("leaders") or []),
        areas=tuple(Area(t.key, t.name) for t in teams),
        region=trust.bank_holiday_region,
        duration_minutes=int(block.get("duration_minutes", 60) or 60),
    )


NO_SETUP = (
    "Leadership visits are not set up: the configuration file needs a `visits:` block "
    "(leaders, their cadence, weekdays and times)."
)
