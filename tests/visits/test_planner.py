"""The visit planner on generated and hand-made trusts: every rule the board relies on."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from visit_checks import (
    BANK_HOLIDAYS,
    Trust,
    booking_breaches,
    missed_by_day_walk,
    revisit_breaches,
    seating_breaches,
    trusts,
)

from bot.visits import Area, Leader, PastVisit, Plan, VisitRules, plan_to_json, plan_visits

GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONDAY = date(2027, 1, 4)


def plan_for(trust: Trust) -> Plan:
    return plan_visits(
        trust.areas,
        trust.leaders,
        trust.rules,
        trust.start,
        trust.weeks,
        BANK_HOLIDAYS,
        trust.history,
    )


@GENERATED
@given(trusts())
def test_visits_fall_on_allowed_free_days_without_overloading_or_double_booking(
    trust: Trust,
) -> None:
    assert booking_breaches(trust, plan_for(trust).visits) == []


@GENERATED
@given(trusts())
def test_every_area_is_covered_in_time_or_named_as_left_out(trust: Trust) -> None:
    plan = plan_for(trust)
    assert set(plan.uncovered) == missed_by_day_walk(trust, plan.visits)
    names = {a.key: a.name for a in trust.areas}
    for key in plan.uncovered:
        assert any(names[key] in note for note in plan.notes)


@GENERATED
@given(trusts())
def test_no_leader_revisits_an_area_before_every_other_area_had_a_visit(trust: Trust) -> None:
    assert revisit_breaches(trust, plan_for(trust).visits) == []


@GENERATED
@given(trusts())
def test_visits_are_paired_when_the_board_requires_it(trust: Trust) -> None:
    assert seating_breaches(trust, plan_for(trust).visits) == []


@GENERATED
@given(trusts(max_areas=120, max_leaders=20))
def test_leaders_alike_carry_loads_in_step_with_their_cadence(trust: Trust) -> None:
    plan = plan_for(trust)
    load = Counter(name for v in plan.visits for name in v.leaders)
    in_history = {name for p in trust.history for name in p.leaders}
    steady = [
        ldr
        for ldr in trust.leaders
        if not ldr.unavailable
        and ldr.name not in in_history
        and not (trust.rules.pair_executive_with_non_executive and ldr.kind == "senior_manager")
    ]
    for a in steady:
        for b in steady:
            if a.kind != b.kind:
                continue
            if a.cadence_days == b.cadence_days:
                assert load[a.name] - load[b.name] <= 1, (a.name, b.name)
            days_a, days_b = load[a.name] * a.cadence_days, load[b.name] * b.cadence_days
            # Greedy by day without look-ahead: within two cadences of each other.
            assert days_a - days_b <= 2 * max(a.cadence_days, b.cadence_days), (a.name, b.name)


def director_and_chair() -> tuple[Leader, ...]:
    return (
        Leader("Demo Director", "executive", 14, frozenset({date(2027, 1, 12)})),
        Leader("Demo Chair", "non_executive", 28),
    )


def test_the_demo_trust_plan_in_json() -> None:
    areas = [Area("ward-7", "Ward 7"), Area("ed", "Emergency Department"), Area("amu", "AMU")]
    plan = plan_visits(areas, director_and_chair(), VisitRules(), MONDAY, 8, BANK_HOLIDAYS)
    rows = plan_to_json(plan)
    assert json.loads(json.dumps(rows)) == rows
    assert rows[0].keys() == {"date", "time", "team", "leaders"}
    assert {r["team"] for r in rows} == {"ward-7", "ed", "amu"}
    assert all(r["time"] in ("10:00", "14:00") for r in rows)
    director_days = [r["date"] for r in rows if "Demo Director" in r["leaders"]]
    assert "2027-01-12" not in director_days
    assert plan.uncovered == ()


def test_too_few_leaders_leaves_areas_out_by_name_without_overloading_anyone() -> None:
    areas = [Area(f"ward-{i:02}", f"Ward {i}") for i in range(30)]
    leaders = [Leader("Exec A", "executive", 7), Leader("Manager B", "senior_manager", 7)]
    plan = plan_visits(areas, leaders, VisitRules(weekdays=(1,)), MONDAY, 8, BANK_HOLIDAYS)
    load = Counter(name for v in plan.visits for name in v.leaders)
    assert load == {"Exec A": 8, "Manager B": 8}  # one visit a week each: all the cadence allows
    covered = {a.key for a in areas} - set(plan.uncovered)
    assert len(covered) == len(plan.visits) == 16  # no visit is spent twice on one area
    assert "Ward 29" in " ".join(plan.notes) or "ward-29" in covered


def test_no_visits_on_a_bank_holiday() -> None:
    areas = [Area(f"ward-{i}", f"Ward {i}") for i in range(6)]
    leaders = [Leader(f"Leader {i}", "executive", 7) for i in range(6)]
    plan = plan_visits(areas, leaders, VisitRules(), date(2027, 12, 20), 2, BANK_HOLIDAYS)
    days = {v.date for v in plan.visits}
    assert date(2027, 12, 28) not in days  # Boxing Day (substitute), a Tuesday
    assert date(2027, 12, 21) in days


def test_an_area_nearly_due_from_history_is_visited_first() -> None:
    areas = [Area(f"ward-{i}", f"Ward {i}") for i in range(4)]
    history = (PastVisit(MONDAY - timedelta(days=52), "ward-3", ("Director",)),)
    leaders = [Leader("Chair", "non_executive", 7)]
    plan = plan_visits(areas, leaders, VisitRules(), MONDAY, 8, BANK_HOLIDAYS, history)
    assert plan.visits[0].team_key == "ward-3"
    assert plan.visits[0].date <= MONDAY + timedelta(days=6)


def test_a_leader_sees_every_other_area_before_returning() -> None:
    areas = [Area(k, k.title()) for k in ("amu", "ed", "icu")]
    history = (PastVisit(MONDAY - timedelta(days=3), "amu", ("Chair",)),)
    leaders = [Leader("Chair", "non_executive", 7)]
    plan = plan_visits(areas, leaders, VisitRules(weekdays=(1,)), MONDAY, 6, BANK_HOLIDAYS, history)
    teams = [v.team_key for v in plan.visits]
    assert teams[:2] == ["ed", "icu"] or teams[:2] == ["icu", "ed"]
    assert teams[2] == "amu"


def test_surplus_leaders_share_the_visits_evenly() -> None:
    areas = [Area(f"ward-{i}", f"Ward {i}") for i in range(4)]
    leaders = [Leader(f"Leader {i}", "executive", 7) for i in range(6)]
    plan = plan_visits(areas, leaders, VisitRules(), MONDAY, 6, BANK_HOLIDAYS)
    load = Counter(name for v in plan.visits for name in v.leaders)
    assert len(load) == 6 and max(load.values()) - min(load.values()) <= 1


def test_paired_visits_leave_senior_managers_out_and_say_so() -> None:
    areas = [Area(f"ward-{i}", f"Ward {i}") for i in range(5)]
    leaders = [*director_and_chair(), Leader("Site Manager", "senior_manager", 7)]
    rules = VisitRules(pair_executive_with_non_executive=True)
    plan = plan_visits(areas, leaders, rules, MONDAY, 8, BANK_HOLIDAYS)
    assert plan.visits and all(v.leaders == ("Demo Director", "Demo Chair") for v in plan.visits)
    assert any("Site Manager" in note for note in plan.notes)


def test_no_allowed_weekday_means_no_visits_and_a_note() -> None:
    areas = [Area("ward-1", "Ward 1")]
    rules = VisitRules(weekdays=())
    plan = plan_visits(areas, director_and_chair(), rules, MONDAY, 10, BANK_HOLIDAYS)
    assert plan.visits == () and plan.uncovered == ("ward-1",)
    assert any("no visit dates" in note for note in plan.notes)
