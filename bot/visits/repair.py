"""Repairs to the rota when a leader declines a visit or swaps it with another leader."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from bot.visits.model import Leader, PastVisit, Plan, PlannedVisit, VisitChangeRefused, VisitRules
from bot.visits.rules import leader_is_free, revisits_too_soon, visit_dates

SEATS = ("executive", "non_executive")


def _visits_of(plan_or_visits: Plan | Iterable[PlannedVisit]) -> list[PlannedVisit]:
    if isinstance(plan_or_visits, Plan):
        return list(plan_or_visits.visits)
    return list(plan_or_visits)


def _without(visits: list[PlannedVisit], visit: PlannedVisit) -> list[PlannedVisit]:
    if visit not in visits:
        raise VisitChangeRefused("That visit is not on the rota.")
    rest = list(visits)
    rest.remove(visit)
    return rest


def _sorted(visits: Iterable[PlannedVisit]) -> tuple[PlannedVisit, ...]:
    return tuple(sorted(visits, key=lambda v: (v.date, v.time, v.team_key)))


def _can_take(
    ldr: Leader,
    at: PlannedVisit,
    others: list[PlannedVisit],
    bank_holidays: frozenset[date],
    history: Sequence[PastVisit],
    areas: Sequence[str],
) -> bool:
    if leader_is_free(ldr, at.date, others, bank_holidays, history) is not None:
        return False
    return not revisits_too_soon(ldr.name, at.team_key, at, others, history, areas)


def _least_loaded(
    candidates: Iterable[Leader],
    at: PlannedVisit,
    others: list[PlannedVisit],
    bank_holidays: frozenset[date],
    history: Sequence[PastVisit],
    areas: Sequence[str],
) -> Leader | None:
    load = Counter(name for v in others for name in v.leaders)
    able = [c for c in candidates if _can_take(c, at, others, bank_holidays, history, areas)]
    return min(able, key=lambda c: (load.get(c.name, 0) * c.cadence_days, c.name), default=None)


def _staff(
    at: PlannedVisit,
    keep: Sequence[Leader],
    leaders: Sequence[Leader],
    declined: str,
    rules: VisitRules,
    others: list[PlannedVisit],
    bank_holidays: frozenset[date],
    history: Sequence[PastVisit],
    areas: Sequence[str],
) -> tuple[Leader, ...] | None:
    """Leaders for `at`: those in `keep` who can still go, plus the least loaded for empty seats."""
    seats: Sequence[str | None] = SEATS if rules.pair_executive_with_non_executive else (None,)
    team: list[Leader] = []
    for seat in seats:
        stays = [
            k
            for k in keep
            if seat in (None, k.kind) and _can_take(k, at, others, bank_holidays, history, areas)
        ]
        if stays:
            team.append(stays[0])
            continue
        pool = [
            ldr
            for ldr in leaders
            if ldr.name != declined and ldr not in team and seat in (None, ldr.kind)
        ]
        found = _least_loaded(pool, at, others, bank_holidays, history, areas)
        if found is None:
            return None
        team.append(found)
    return tuple(team)


def repair_after_decline(
    plan_or_visits: Plan | Iterable[PlannedVisit],
    visit: PlannedVisit,
    leader: str,
    leaders: Sequence[Leader],
    rules: VisitRules,
    bank_holidays: frozenset[date] = frozenset(),
    history: Sequence[PastVisit] = (),
    today: date | None = None,
    max_shift_days: int = 14,
    areas: Sequence[str] = (),
) -> tuple[tuple[PlannedVisit, ...], str]:
    """Reassign a declined visit, else move it to a nearby date, else report the area uncovered.

    A leader added to a visit keeps their cadence, is free that day and does not come back to
    the area before every other area (`areas`, plus those on the rota) has had a visit.
    """
    if leader not in visit.leaders:
        raise VisitChangeRefused(f"{leader} is not on that visit.")
    others = _without(_visits_of(plan_or_visits), visit)
    by_name = {ldr.name: ldr for ldr in leaders}
    keep = [by_name[n] for n in visit.leaders if n != leader and n in by_name]
    staffed = _staff(visit, keep, leaders, leader, rules, others, bank_holidays, history, areas)
    if staffed is not None:
        fixed = replace(visit, leaders=tuple(ldr.name for ldr in staffed))
        added = [ldr.name for ldr in staffed if ldr.name not in visit.leaders]
        who = " and ".join(added) if added else " and ".join(fixed.leaders)
        return _sorted([*others, fixed]), (
            f"{who} will visit {visit.team_key} on {visit.date:%a %d %b} at {visit.time:%H:%M} "
            f"instead of {leader}."
        )
    for day in _nearby_days(visit.date, rules, bank_holidays, today, max_shift_days):
        if any(v.team_key == visit.team_key and v.date == day for v in others):
            continue
        moved = replace(visit, date=day)
        staffed = _staff(moved, keep, leaders, leader, rules, others, bank_holidays, history, areas)
        if staffed is not None:
            fixed = replace(moved, leaders=tuple(ldr.name for ldr in staffed))
            return _sorted([*others, fixed]), (
                f"No one else is free on {visit.date:%a %d %b}; the visit to {visit.team_key} "
                f"moves to {day:%a %d %b} at {visit.time:%H:%M} with {' and '.join(fixed.leaders)}."
            )
    return _sorted(others), (
        f"No leader can visit {visit.team_key} within {max_shift_days} days of "
        f"{visit.date:%a %d %b}; the area is left uncovered."
    )


def _nearby_days(
    day: date, rules: VisitRules, bank_holidays: frozenset[date], today: date | None, shift: int
) -> list[date]:
    """Visit dates within `shift` days of `day` (not before `today`), nearest first."""
    low = day - timedelta(days=shift)
    if today is not None:
        low = max(low, today)
    days = visit_dates(rules, low, day + timedelta(days=shift + 1), bank_holidays)
    return sorted((d for d in days if d != day), key=lambda d: (abs((d - day).days), d < day))


def swap(
    plan_or_visits: Plan | Iterable[PlannedVisit],
    visit: PlannedVisit,
    from_leader: str,
    to_leader: str,
    leaders: Sequence[Leader],
    rules: VisitRules,
    bank_holidays: frozenset[date] = frozenset(),
    history: Sequence[PastVisit] = (),
) -> tuple[tuple[PlannedVisit, ...], str]:
    """Hand a visit from one leader to another, or refuse with the reason."""
    if from_leader not in visit.leaders:
        raise VisitChangeRefused(f"{from_leader} is not on that visit.")
    by_name = {ldr.name: ldr for ldr in leaders}
    incoming = by_name.get(to_leader)
    if incoming is None:
        raise VisitChangeRefused(f"{to_leader} is not on the visits rota.")
    if to_leader in visit.leaders:
        raise VisitChangeRefused(f"{to_leader} is already on that visit.")
    outgoing = by_name.get(from_leader)
    if rules.pair_executive_with_non_executive and outgoing and outgoing.kind != incoming.kind:
        raise VisitChangeRefused(
            f"Visits pair an executive with a non-executive; {to_leader} cannot take the place "
            f"of {from_leader}."
        )
    others = _without(_visits_of(plan_or_visits), visit)
    if visit.date in bank_holidays:
        raise VisitChangeRefused(f"{visit.date:%a %d %b} is a bank holiday.")
    if visit.date in incoming.unavailable:
        raise VisitChangeRefused(f"{to_leader} is unavailable on {visit.date:%a %d %b}.")
    same_slot = [v for v in others if v.date == visit.date and v.time == visit.time]
    if any(to_leader in v.leaders for v in same_slot):
        raise VisitChangeRefused(
            f"{to_leader} already has a visit on {visit.date:%a %d %b} at {visit.time:%H:%M}."
        )
    names = tuple(to_leader if n == from_leader else n for n in visit.leaders)
    swapped = replace(visit, leaders=names)
    note = (
        f"{to_leader} will visit {visit.team_key} on {visit.date:%a %d %b} "
        f"instead of {from_leader}."
    )
    busy = leader_is_free(incoming, visit.date, others, frozenset(), history)
    if busy is not None:
        note += f" Note: {busy}, so this is more than their cadence."
    return _sorted([*others, swapped]), note
