"""The leadership-visit rota: who visits which area when, fairly and within the board's rules.

Areas are visited earliest-due first; each visit date uses every leader whose cadence allows,
the least loaded first. When the cadences cannot keep every area within `every_area_within`,
the planner keeps as many areas as it can on time (found by bisection) and names the rest.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.visits.model import Area, Leader, PastVisit, Plan, PlannedVisit, VisitRules
from bot.visits.recency import NEVER, Recency, Stamp
from bot.visits.rules import first_due, last_visits, uncovered_areas, visit_dates


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


@dataclass
class _Run:
    """The mutable state of one trial run."""

    trust: _Trust
    recency: Recency
    pair_stamps: dict[tuple[str, str], Stamp]
    leader_last: dict[str, date]
    area_last: dict[str, date]
    load: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def may_visit(self, name: str, key: str, oldest_other: Stamp) -> bool:
        """No revisit before every other area has had a visit since this leader's last one."""
        mine = self.pair_stamps.get((name, key))
        return mine is None or oldest_other >= mine

    def pick(self, free: list[Leader], key: str, oldest_other: Stamp) -> Leader | None:
        """The least loaded free leader allowed to visit this area."""
        allowed = [ldr for ldr in free if self.may_visit(ldr.name, key, oldest_other)]
        if not allowed:
            return None
        return min(
            allowed,
            key=lambda ldr: (
                self.load.get(ldr.name, 0) * ldr.cadence_days,
                self.leader_last.get(ldr.name, date.min),
                ldr.name,
            ),
        )

    def record(self, day: date, key: str, chosen: Sequence[Leader]) -> None:
        self.counter += 1
        stamp = (day.toordinal(), self.counter)
        for ldr in chosen:
            self.pair_stamps[(ldr.name, key)] = stamp
            self.leader_last[ldr.name] = day
            self.load[ldr.name] = self.load.get(ldr.name, 0) + 1
        self.recency.touch(key, stamp)
        self.area_last[key] = day


def _free_on(run: _Run, day: date) -> list[list[Leader]]:
    """Leaders free on `day`, as one pool, or executives and non-executives when paired."""
    free = [
        ldr
        for ldr in run.trust.leaders
        if day not in ldr.unavailable
        and (
            ldr.name not in run.leader_last
            or (day - run.leader_last[ldr.name]).days >= ldr.cadence_days
        )
    ]
    if not run.trust.rules.pair_executive_with_non_executive:
        return [free]
    return [[ldr for ldr in free if ldr.kind == k] for k in ("executive", "non_executive")]


def _simulate(trust: _Trust, rotation: Sequence[str], spare: Sequence[str]) -> list[PlannedVisit]:
    """One run: `rotation` areas first, earliest due first; `spare` areas take what is left."""
    run = _Run(
        trust,
        Recency(trust.area_stamps),
        dict(trust.pair_stamps),
        dict(trust.leader_last),
        dict(trust.area_last),
    )
    queues = [[(trust.due[k], k) for k in keys] for keys in (rotation, spare)]
    for q in queues:
        heapq.heapify(q)
    within, rest = trust.rules.every_area_within_days, trust.rules.area_rest_days
    visits: list[PlannedVisit] = []
    for day in trust.days:
        pools = _free_on(run, day)
        today: list[tuple[str, tuple[str, ...]]] = []
        for q in queues:
            held: list[tuple[date, str]] = []
            while q and all(pools):
                due, key = heapq.heappop(q)
                last = run.area_last.get(key)
                chosen = None
                if last is None or (day - last).days >= rest:
                    oldest = run.recency.oldest_other(key)
                    chosen = [run.pick(pool, key, oldest) for pool in pools]
                if chosen is None or None in chosen:
                    held.append((due, key))
                    continue
                leaders = [c for c in chosen if c is not None]
                run.record(day, key, leaders)
                for ldr, pool in zip(leaders, pools, strict=True):
                    pool.remove(ldr)
                today.append((key, tuple(ldr.name for ldr in leaders)))
                held.append((day + timedelta(days=within), key))
            for item in held:
                heapq.heappush(q, item)
        visits += _timed(trust.rules, day, today)
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
    from bot.visits.notes import plan_notes

    _check_unique([a.key for a in areas], "area")
    _check_unique([ldr.name for ldr in leaders], "leader")
    trust = _prepare(areas, leaders, rules, start, weeks, bank_holidays, history)
    order = sorted(trust.due, key=lambda k: (trust.due[k], k))
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
