"""How long the visit planner takes for a large trust: 300 areas, 40 leaders, 12 weeks.

Run: .venv/bin/python bench/visits_bench.py   (target: each plan under 2 s)
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from datetime import date, timedelta

import holidays

from bot.visits import Area, Leader, PastVisit, VisitRules, plan_visits

START = date(2027, 1, 4)
WEEKS = 12
BANK_HOLIDAYS = frozenset(holidays.UK(subdiv="England", years=[2026, 2027]))
KINDS = ("executive", "non_executive", "senior_manager")


def trust(
    seed: int, cadences: tuple[int, ...]
) -> tuple[list[Area], list[Leader], tuple[PastVisit, ...]]:
    """300 areas and 40 leaders with some days off and eight weeks of history."""
    rng = random.Random(seed)
    areas = [Area(f"area-{i:03}", f"Area {i}") for i in range(300)]
    days = [START + timedelta(days=d) for d in range(WEEKS * 7)]
    leaders = [
        Leader(
            f"Leader {i:02}",
            KINDS[i % 3],
            rng.choice(cadences),
            frozenset(rng.sample(days, rng.randint(0, 6))),
        )
        for i in range(40)
    ]
    history = tuple(
        PastVisit(
            START - timedelta(days=rng.randint(1, 56)),
            rng.choice(areas).key,
            (rng.choice(leaders).name,),
        )
        for _ in range(150)
    )
    return areas, leaders, history


def measure(label: str, rules: VisitRules, cadences: tuple[int, ...], runs: int = 5) -> None:
    areas, leaders, history = trust(7, cadences)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        plan = plan_visits(areas, leaders, rules, START, WEEKS, BANK_HOLIDAYS, history)
        timings.append(time.perf_counter() - began)
    load = Counter(name for v in plan.visits for name in v.leaders)
    busiest = max(load.values(), default=0)
    print(
        f"{label:<44} best {min(timings):.3f} s  median {statistics.median(timings):.3f} s  "
        f"visits {len(plan.visits):4}  uncovered {len(plan.uncovered):3}/300  "
        f"busiest leader {busiest} visits"
    )


def main() -> None:
    print(f"300 areas, 40 leaders, {WEEKS} weeks from {START}, England bank holidays")
    measure("weekly/fortnightly/monthly, single visits", VisitRules(), (7, 14, 28))
    measure(
        "weekly/fortnightly/monthly, paired",
        VisitRules(pair_executive_with_non_executive=True),
        (7, 14, 28),
    )
    measure("all weekly, single visits (can cover all)", VisitRules(), (7,))
    measure("all weekly, paired", VisitRules(pair_executive_with_non_executive=True), (7,))
    measure("all fortnightly, Tuesdays only", VisitRules(weekdays=(1,)), (14,))


if __name__ == "__main__":
    main()
