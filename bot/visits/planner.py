"""The leadership-visit rota: who visits which area when, fairly and within the board's rules.

Each visit date, the least burdened free leader (visits so far times cadence) takes the most
urgent area they may visit: no area before its rest days are up, no leader back at an area
before every other area has had a visit. When the cadences cannot keep every area within
`every_area_within`, the planner bisects on how many areas (cheapest to cover first) to keep on
time, gives the rest whatever visits are left, and names the areas left out.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.visits.model import Area, Leader, PastVisit, Plan, PlannedVisit, VisitRules
from bot.visits.notes import plan_notes
from bot.visits.recency import NEVER, Recency, Stamp
from bot.visits.rules import first_due, last_visits, uncovered_areas, visit_dates, visits_needed
from bot.visits.run import Run, VisitDay


@dataclass
class _Trust:
    """Everything the planner reads, prepared once for the repeated trial runs."""

    leaders: tuple[Leader, ...]
    rules: VisitRules
    start: date
    end: date
    days: list[date]
    history: tuple[PastVisit, ...]
    due: dict[str, date] = field(default_factory=dict)
    area_last: dict[str, date] = field(default_factory=dict)
    area_stamps: dict[str, Stamp] = field(default_factory=dict)
    pair_stamps: dict[tuple[str, str], Stamp] = field(default_factory=dict)
    leader_last: dict[str, date] = field(default_factory=dict)


def _prepare(
    areas: Sequence[Area],
    leaders: Sequence[Leader],
    rules: VisitRules,
    start: date,
    weeks: int,
    bank_holidays: frozenset[date],
    history: Iterable[PastVisit],
) -> _Trust:
    end = start + timedelta(weeks=weeks)
    past = tuple(sorted((p for p in history if p.date < start), key=lambda p: p.date))
    trust = _Trust(
        tuple(leaders), rules, start, end, visit_dates(rules, start, end, bank_holidays), past
    )
    trust.area_last = last_visits(past, start)
    for area in areas:
        last = trust.area_last.get(area.key)
        trust.due[area.key] = first_due(start, rules.every_area_within_days, last)
        trust.area_stamps[area.key] = (last.toordinal(), 0) if last else NEVER
    for p in past:
        for name in p.leaders:
            trust.pair_stamps[(name, p.team_key)] = (p.date.toordinal(), 0)
            trust.leader_last[name] = p.date
    return trust


def _simulate(trust: _Trust, rotation: Sequence[str], spare: Sequence[str]) -> list[PlannedVisit]:
    """One run: `rotation` areas first, most urgent first; `spare` areas take what is left."""
    run = Run(
        trust.leaders,
        trust.rules,
        Recency(trust.area_stamps),
        dict(trust.pair_stamps),
        dict(trust.leader_last),
        dict(trust.area_last),
    )
    queues = [[(trust.due[k], trust.area_stamps[k], k) for k in keys] for keys in (rotation, spare)]
    for q in queues:
        heapq.heapify(q)
    visits: list[PlannedVisit] = []
    for day in trust.days:
        visits += _timed(trust.rules, day, VisitDay(run, day, queues).assign())
    return visits


def _timed(
    rules: VisitRules, day: date, today: list[tuple[str, tuple[str, ...]]]
) -> list[PlannedVisit]:
    """Spread a day's visits over its times in blocks, keeping their order."""
    per = -(-len(today) // len(rules.times)) or 1
    return [
        PlannedVisit(day, rules.times[i // per], key, names) for i, (key, names) in enumerate(today)
    ]


def _uncovered(trust: _Trust, visits: list[PlannedVisit], keys: Sequence[str]) -> tuple[str, ...]:
    return uncovered_areas(visits, keys, trust.rules, trust.start, trust.end, trust.history)


def _best_run(trust: _Trust, order: list[str]) -> tuple[list[PlannedVisit], tuple[str, ...]]:
    """The run that leaves the fewest areas uncovered, bisecting on how many to keep on time."""
    everyone = _simulate(trust, order, [])
    missed = _uncovered(trust, everyone, order)
    if not missed:
        return everyone, missed
    kept, too_many = 0, len(order)
    while too_many - kept > 1:
        mid = (kept + too_many) // 2
        trial = _simulate(trust, order[:mid], order[mid:])
        if _uncovered(trust, trial, order[:mid]):
            too_many = mid
        else:
            kept = mid
    best = _simulate(trust, order[:kept], order[kept:])
    best_missed = _uncovered(trust, best, order)
    return (everyone, missed) if len(missed) < len(best_missed) else (best, best_missed)


def plan_visits(
    areas: Sequence[Area],
    leaders: Sequence[Leader],
    rules: VisitRules,
    start: date,
    weeks: int,
    bank_holidays: frozenset[date] = frozenset(),
    history: Iterable[PastVisit] = (),
) -> Plan:
    """Propose visits for `weeks` weeks from `start`, naming areas the cadences cannot cover."""
    _check_unique([a.key for a in areas], "area")
    _check_unique([ldr.name for ldr in leaders], "leader")
    trust = _prepare(areas, leaders, rules, start, weeks, bank_holidays, history)
    within = rules.every_area_within_days
    # Cheapest to keep covered first, then most urgent: when visits run short, the plan keeps
    # as many areas on time as it can and names the rest.
    order = sorted(
        trust.due, key=lambda k: (visits_needed(trust.due[k], trust.end, within), trust.due[k], k)
    )
    visits, missed = _best_run(trust, order)
    visits.sort(key=lambda v: (v.date, v.time, v.team_key))
    missed_set = set(missed)
    uncovered = tuple(a.key for a in areas if a.key in missed_set)
    notes = plan_notes(areas, leaders, rules, trust.days, uncovered, visits)
    return Plan(tuple(visits), uncovered, notes)


def _check_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} {v!r} is listed twice")
        seen.add(v)
