"""The visit rules as plain checks, shared by the planner and the repairs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from bot.visits.model import Leader, PastVisit, PlannedVisit, VisitRules

FIRST_WEEK = 6  # an area already overdue when the plan starts is due in its first week


def visit_dates(
    rules: VisitRules, start: date, end: date, bank_holidays: frozenset[date]
) -> list[date]:
    """Dates in [start, end) on an allowed weekday that are not bank holidays."""
    days = (end - start).days
    found = (start + timedelta(days=i) for i in range(max(days, 0)))
    return [d for d in found if d.weekday() in rules.weekdays and d not in bank_holidays]


def last_visits(history: Iterable[PastVisit], before: date) -> dict[str, date]:
    """Each area's latest visit before `before`."""
    last: dict[str, date] = {}
    for past in history:
        if past.date < before and past.date > last.get(past.team_key, date.min):
            last[past.team_key] = past.date
    return last


def first_due(start: date, within_days: int, last_visit: date | None) -> date:
    """The latest date an area's first visit in the plan may fall on.

    An area never visited is due within the first window of the plan; one visited before is due
    `within_days` after that visit, but an area already overdue gets the plan's first week.
    """
    if last_visit is None:
        return start + timedelta(days=within_days - 1)
    return max(last_visit + timedelta(days=within_days), start + timedelta(days=FIRST_WEEK))


def area_is_covered(
    visit_days: Iterable[date], start: date, end: date, within_days: int, last_visit: date | None
) -> bool:
    """True when every `within_days` window ending inside [start, end) holds a visit."""
    due = first_due(start, within_days, last_visit)
    marks = [due - timedelta(days=within_days)]
    marks += sorted(d for d in visit_days if start <= d < end)
    marks.append(end)
    return all((b - a).days <= within_days for a, b in zip(marks, marks[1:], strict=False))


def uncovered_areas(
    visits: Iterable[PlannedVisit],
    area_keys: Iterable[str],
    rules: VisitRules,
    start: date,
    end: date,
    history: Iterable[PastVisit] = (),
) -> tuple[str, ...]:
    """The areas whose visits leave a window of `every_area_within` without a visit."""
    by_area: dict[str, list[date]] = {}
    for v in visits:
        by_area.setdefault(v.team_key, []).append(v.date)
    last = last_visits(history, start)
    within = rules.every_area_within_days
    return tuple(
        key
        for key in area_keys
        if not area_is_covered(by_area.get(key, []), start, end, within, last.get(key))
    )


def leader_is_free(
    leader: Leader,
    day: date,
    others: Iterable[PlannedVisit],
    bank_holidays: frozenset[date] = frozenset(),
    history: Iterable[PastVisit] = (),
) -> str | None:
    """Why `leader` cannot visit on `day` given their other visits, or None when they can."""
    if day in bank_holidays:
        return f"{day:%a %d %b} is a bank holiday"
    if day in leader.unavailable:
        return f"{leader.name} is unavailable on {day:%a %d %b}"
    theirs = [v.date for v in others if leader.name in v.leaders]
    theirs += [p.date for p in history if leader.name in p.leaders]
    if day in theirs:
        return f"{leader.name} already has a visit on {day:%a %d %b}"
    if any(abs((day - d).days) < leader.cadence_days for d in theirs):
        return f"{leader.name} visits once every {leader.cadence_days} days"
    return None


def revisits_too_soon(
    name: str,
    team: str,
    visit: PlannedVisit,
    visits: Iterable[PlannedVisit],
    history: Iterable[PastVisit] = (),
    area_keys: Iterable[str] = (),
) -> bool:
    """True when `name` visiting `team` at `visit` would come back before every other area had a
    visit since their previous one there (or make their next one there too soon). Areas are
    those in `area_keys` plus any on the rota or in the history."""
    stamps: dict[str, list[tuple[date, time]]] = {key: [] for key in area_keys}
    mine: list[tuple[date, time]] = []
    for v in visits:
        stamps.setdefault(v.team_key, []).append((v.date, v.time))
        if v.team_key == team and name in v.leaders:
            mine.append((v.date, v.time))
    for p in history:
        stamps.setdefault(p.team_key, []).append((p.date, time.min))
        if p.team_key == team and name in p.leaders:
            mine.append((p.date, time.min))
    here = (visit.date, visit.time)
    before = max((s for s in mine if s < here), default=None)
    after = min((s for s in mine if s > here), default=None)
    others = [sorted(s) for key, s in stamps.items() if key != team]

    def all_seen(low: tuple[date, time], high: tuple[date, time]) -> bool:
        return all(any(low <= s <= high for s in seen) for seen in others)

    return (before is not None and not all_seen(before, here)) or (
        after is not None and not all_seen(here, after)
    )


def visits_needed(due: date, end: date, within_days: int) -> int:
    """The fewest visits that keep an area covered until `end` when its first is due by `due`."""
    if end <= due:
        return 0
    after_first = (end - timedelta(days=within_days) - due).days
    return 1 + max(0, -(-after_first // within_days))
