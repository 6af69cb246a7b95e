"""Generated trusts and independent checks of the visit rules, shared by the visit tests."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

import holidays
from hypothesis import strategies as st

from bot.visits import Area, Leader, PastVisit, PlannedVisit, VisitRules

BANK_HOLIDAYS = frozenset(holidays.UK(subdiv="England", years=range(2026, 2030)))
KINDS = ("executive", "non_executive", "senior_manager")


@dataclass(frozen=True)
class Trust:
    areas: tuple[Area, ...]
    leaders: tuple[Leader, ...]
    rules: VisitRules
    start: date
    weeks: int
    history: tuple[PastVisit, ...]

    @property
    def end(self) -> date:
        return self.start + timedelta(weeks=self.weeks)


@st.composite
def trusts(draw: st.DrawFn, max_areas: int = 300, max_leaders: int = 40) -> Trust:
    """A trust with 5..max_areas areas, 3..max_leaders leaders, unavailability and history."""
    n_areas = draw(st.integers(5, max_areas))
    n_leaders = draw(st.integers(3, max_leaders))
    start = draw(st.dates(date(2026, 12, 1), date(2028, 6, 30)))
    weeks = draw(st.integers(4, 12))
    end = start + timedelta(weeks=weeks)
    rules = VisitRules(
        every_area_within_days=7 * draw(st.sampled_from([4, 6, 8])),
        weekdays=tuple(sorted(draw(st.sets(st.integers(0, 4), min_size=1, max_size=3)))),
        times=draw(st.sampled_from([(time(10),), (time(10), time(14))])),
        pair_executive_with_non_executive=draw(st.booleans()),
    )
    areas = tuple(Area(f"ward-{i}", f"Ward {i}") for i in range(n_areas))
    plan_days = st.dates(start, end - timedelta(days=1))
    leaders = tuple(
        Leader(
            f"Leader {i}",
            draw(st.sampled_from(KINDS)),
            draw(st.sampled_from([7, 14, 21, 28])),
            draw(st.frozensets(plan_days, max_size=4)),
        )
        for i in range(n_leaders)
    )
    past = st.tuples(
        st.dates(start - timedelta(days=90), start - timedelta(days=1)),
        st.integers(0, n_areas - 1),
        st.integers(0, n_leaders - 1),
    )
    history = tuple(
        PastVisit(day, areas[a].key, (leaders[i].name,))
        for day, a, i in draw(st.lists(past, max_size=20))
    )
    return Trust(areas, leaders, rules, start, weeks, history)


def last_before(history: tuple[PastVisit, ...], key: str, start: date) -> date | None:
    return max((p.date for p in history if p.team_key == key and p.date < start), default=None)


def missed_by_day_walk(trust: Trust, visits: tuple[PlannedVisit, ...]) -> set[str]:
    """Walk each plan day; an area misses when a day passes every_area_within days after its
    last visit (an area never visited counts from the day before the plan; one already
    overdue must be seen in the plan's first week)."""
    within = trust.rules.every_area_within_days
    days_of: dict[str, set[date]] = defaultdict(set)
    for v in visits:
        days_of[v.team_key].add(v.date)
    missed = set()
    for area in trust.areas:
        before = last_before(trust.history, area.key, trust.start)
        if before is None:
            last = trust.start - timedelta(days=1)
        else:
            last = max(before, trust.start + timedelta(days=6 - within))
        day = trust.start
        while day < trust.end:
            if day in days_of[area.key]:
                last = day
            if (day - last).days >= within:
                missed.add(area.key)
                break
            day += timedelta(days=1)
    return missed


def revisit_breaches(trust: Trust, visits: tuple[PlannedVisit, ...]) -> list[str]:
    """Leader revisits of an area before every other area had a visit in between."""
    seen: dict[str, list[tuple[date, time]]] = defaultdict(list)
    mine: dict[tuple[str, str], list[tuple[date, time]]] = defaultdict(list)
    for p in trust.history:
        seen[p.team_key].append((p.date, time.min))
        for name in p.leaders:
            mine[(name, p.team_key)].append((p.date, time.min))
    for v in visits:
        seen[v.team_key].append((v.date, v.time))
        for name in v.leaders:
            mine[(name, v.team_key)].append((v.date, v.time))
    for stamps in seen.values():
        stamps.sort()
    planned = {(v.date, v.time) for v in visits}
    breaches = []
    for (name, key), stamps in mine.items():
        stamps = sorted(set(stamps))
        for low, high in zip(stamps, stamps[1:], strict=False):
            if high not in planned:
                continue  # history is what it was
            for area in trust.areas:
                if area.key == key:
                    continue
                marks = seen[area.key]
                i = bisect_left(marks, low)
                if i == len(marks) or marks[i] > high:
                    breaches.append(f"{name} back at {key} on {high} before {area.key}")
    return breaches


def booking_breaches(trust: Trust, visits: tuple[PlannedVisit, ...]) -> list[str]:
    """Visits on the wrong days or times, or that overload or double-book a leader."""
    by_name = {ldr.name: ldr for ldr in trust.leaders}
    wrong = []
    slots: set[tuple[str, date, time]] = set()
    days_of: dict[str, list[date]] = defaultdict(list)
    for p in trust.history:
        for name in p.leaders:
            days_of[name].append(p.date)
    for v in visits:
        if not trust.start <= v.date < trust.end or v.date.weekday() not in trust.rules.weekdays:
            wrong.append(f"{v} is outside the allowed dates")
        if v.date in BANK_HOLIDAYS or v.time not in trust.rules.times:
            wrong.append(f"{v} is on a bank holiday or at a wrong time")
        for name in v.leaders:
            if v.date in by_name[name].unavailable:
                wrong.append(f"{name} is unavailable for {v}")
            if (name, v.date, v.time) in slots:
                wrong.append(f"{name} is double-booked at {v.date} {v.time}")
            slots.add((name, v.date, v.time))
            days_of[name].append(v.date)
    planned = {(name, v.date) for v in visits for name in v.leaders}
    for name, days in days_of.items():
        days.sort()
        cadence = by_name[name].cadence_days
        wrong += [
            f"{name} visits {a} and {b}"
            for a, b in zip(days, days[1:], strict=False)
            if (b - a).days < cadence and ((name, a) in planned or (name, b) in planned)
        ]
    return wrong


def seating_breaches(trust: Trust, visits: tuple[PlannedVisit, ...]) -> list[str]:
    """Visits without exactly one executive and one non-executive (paired) or one leader."""
    kind = {ldr.name: ldr.kind for ldr in trust.leaders}
    paired = trust.rules.pair_executive_with_non_executive
    expected = ["executive", "non_executive"] if paired else None
    wrong = []
    for v in visits:
        kinds = sorted(kind[n] for n in v.leaders)
        if (expected is not None and kinds != expected) or (expected is None and len(kinds) != 1):
            wrong.append(f"{v} has {kinds}")
    return wrong
