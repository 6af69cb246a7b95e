"""Visits in words: days, times, one-line visits, and reading numbers from commands."""

from __future__ import annotations

import re
from datetime import date

from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit
from bot.visits.store import names


def day_text(day: date) -> str:
    """`Tue 12 Jan 2027`."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def when(visit: Visit) -> str:
    return f"{day_text(visit.day)} at {visit.at_time}"


def who(visit: Visit) -> str:
    found = names(visit)
    if not found:
        return "no one yet"
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def visit_line(visit: Visit, team: Team) -> str:
    """`Visit 14: Ward 7, Tue 12 Jan 2027 at 10:00, Demo Director`."""
    return f"Visit {visit.number}: {team.name}, {when(visit)}, {who(visit)}"


def number_in(text: str) -> tuple[int | None, str]:
    """`14 the rest` or `#14 the rest`: the number and the rest."""
    match = re.match(r"\s*#?(\d{1,9})\b\s*(.*)", text, re.DOTALL)
    if not match:
        return None, text.strip()
    return int(match.group(1)), match.group(2).strip()
