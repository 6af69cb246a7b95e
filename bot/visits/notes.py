"""Plain-English notes on a plan for the board."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.visits.model import Area, Leader, PlannedVisit, VisitRules


def span(days: int) -> str:
    """'8 weeks' or '10 days'."""
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week" + ("s" if weeks != 1 else "")
    return f"{days} day" + ("s" if days != 1 else "")


def plan_notes(
    areas: Sequence[Area],
    leaders: Sequence[Leader],
    rules: VisitRules,
    days: Sequence[date],
    uncovered: Sequence[str],
    visits: Sequence[PlannedVisit],
) -> tuple[str, ...]:
    """Notes naming what the plan could not do, so nobody is overloaded silently."""
    notes: list[str] = []
    if not days:
        notes.append("There are no visit dates in this period (allowed weekdays, bank holidays).")
    if uncovered:
        names = {a.key: a.name for a in areas}
        listed = ", ".join(names[k] for k in uncovered)
        notes.append(
            f"The leaders' cadences cannot cover every area within "
            f"{span(rules.every_area_within_days)}; left out: {listed}."
        )
    if rules.pair_executive_with_non_executive:
        managers = [ldr.name for ldr in leaders if ldr.kind == "senior_manager"]
        if managers:
            notes.append(
                "Visits pair an executive with a non-executive, so senior managers are not "
                f"scheduled: {', '.join(managers)}."
            )
    busy = {name for v in visits for name in v.leaders}
    paired = rules.pair_executive_with_non_executive
    idle = [
        ldr.name
        for ldr in leaders
        if ldr.name not in busy and not (paired and ldr.kind == "senior_manager")
    ]
    if idle and visits:
        notes.append(f"No visits in this period for: {', '.join(idle)}.")
    return tuple(notes)
