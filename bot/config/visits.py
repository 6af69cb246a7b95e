"""The `visits:` block: leaders, their cadence and unavailability, and the rota rules."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.config.checks import time_problem
from bot.config.errors import ConfigError
from bot.config.errors import fail as _fail
from bot.config.errors import mapping as _mapping
from bot.config.errors import unknown as _unknown
from bot.config.model import DAY_NAMES

PERIOD = re.compile(r"^(\d+)\s*([dw])$")
KINDS = ("executive", "non_executive", "senior_manager")


def period_days(text: Any, where: str, field: str) -> int:
    match = PERIOD.match(str(text).strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ConfigError(f"{where}, field '{field}': {text!r} is not a period like 2w or 10d")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


def check_visits(raw: Any, people: set[str]) -> dict[str, Any]:
    """Return the block as plain data (kept as written, so export round-trips)."""
    block = _mapping(raw, "visits")
    _unknown(
        block,
        (
            "every_area_within",
            "weekdays",
            "times",
            "pair_executive_with_non_executive",
            "leaders",
            "duration_minutes",
        ),
        "visits",
    )
    period_days(block.get("every_area_within", "8w"), "visits", "every_area_within")
    for day in block.get("weekdays", ["tue", "thu"]):
        if str(day).lower() not in DAY_NAMES:
            raise _fail("visits", "weekdays", f"{day!r} is not a day like tue")
    for time in block.get("times", ["10:00", "14:00"]):
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", str(time)):
            raise _fail("visits", "times", time_problem(time))
    for i, raw_leader in enumerate(block.get("leaders") or []):
        leader = _mapping(raw_leader, f"visits, leader {i + 1}")
        name = str(leader.get("name", ""))
        where = f"visits, leader '{name}'"
        _unknown(leader, ("name", "kind", "cadence", "unavailable"), where)
        if name not in people:
            raise ConfigError(f"{where}, field 'name': not a person listed under people")
        if str(leader.get("kind", "")) not in KINDS:
            raise _fail(where, "kind", f"{leader.get('kind')!r} is not one of {', '.join(KINDS)}")
        period_days(leader.get("cadence", "4w"), where, "cadence")
        for day in leader.get("unavailable") or []:
            try:
                date.fromisoformat(str(day))
            except ValueError:
                raise _fail(
                    where, "unavailable", f"{day!r} is not a date like 2027-01-12"
                ) from None
    return {k: v for k, v in block.items()}
