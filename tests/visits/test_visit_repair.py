"""Declining and swapping a visit: the rota repairs itself within the same rules."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from visit_checks import (
    BANK_HOLIDAYS,
    Trust,
    booking_breaches,
    revisit_breaches,
    seating_breaches,
    trusts,
)

from bot.visits import (
    Area,
    Leader,
    PlannedVisit,
    VisitChangeRefused,
    VisitRules,
    plan_visits,
)
from bot.visits.repair import repair_after_decline, swap

TUESDAY = date(2027, 1, 5)
AREAS = [Area("ward-7", "Ward 7"), Area("ed", "ED"), Area("amu", "AMU")]


def visit(day: date, team: str, *names: str) -> PlannedVisit:
    return PlannedVisit(day, time(10), team, names)


def test_a_declined_visit_goes_to_the_least_loaded_free_leader() -> None:
    leaders = [
        Leader("Director", "executive", 14),
        Leader("Nurse Director", "executive", 14, frozenset({TUESDAY})),
        Leader("Medical Director", "executive", 14),
        Leader("Finance Director", "executive", 14),
    ]
    busy = visit(TUESDAY + timedelta(days=21), "amu", "Medical Director")
    declined = visit(TUESDAY, "ward-7", "Director")
    visits, note = repair_after_decline(
        [declined, busy], declined, "Director", leaders, VisitRules()
    )
    assert visit(TUESDAY, "ward-7", "Finance Director") in visits
    assert busy in visits and len(visits) == 2
    assert "Finance Director" in note and "instead of Director" in note


def test_a_stand_in_does_not_come_back_to_an_area_before_the_others_had_a_visit() -> None:
    leaders = [Leader(n, "executive", 7) for n in ("Director", "Deputy", "Nurse Director")]
    rota = [
        visit(TUESDAY - timedelta(days=14), "ed", "Nurse Director"),
        visit(TUESDAY - timedelta(days=7), "ward-7", "Deputy"),
        visit(TUESDAY, "ward-7", "Director"),
        visit(TUESDAY + timedelta(days=14), "amu", "Nurse Director"),
    ]
    keys = [a.key for a in AREAS]
    visits, _ = repair_after_decline(rota, rota[2], "Director", leaders, VisitRules(), areas=keys)
    # The Deputy is less loaded but was at ward-7 last week and AMU has not been seen since.
    assert visit(TUESDAY, "ward-7", "Nurse Director") in visits


def test_a_paired_decline_keeps_the_partner_and_finds_the_same_kind() -> None:
    rules = VisitRules(pair_executive_with_non_executive=True)
    leaders = [
        Leader("Director", "executive", 14),
        Leader("Chair", "non_executive", 28),
        Leader("Deputy Chair", "non_executive", 28),
        Leader("Site Manager", "senior_manager", 7),
        Leader("Nurse Director", "executive", 14),
    ]
    declined = visit(TUESDAY, "ed", "Director", "Chair")
    visits, _ = repair_after_decline([declined], declined, "Chair", leaders, rules)
    assert visits == (visit(TUESDAY, "ed", "Director", "Deputy Chair"),)


def test_when_nobody_is_free_that_day_the_visit_moves_to_a_nearby_date() -> None:
    leaders = [
        Leader("Director", "executive", 14),
        Leader("Chair", "non_executive", 28, frozenset({TUESDAY})),
    ]
    declined = visit(TUESDAY, "ward-7", "Director")
    visits, note = repair_after_decline(
        [declined], declined, "Director", leaders, VisitRules(), BANK_HOLIDAYS, today=TUESDAY
    )
    assert visits == (visit(TUESDAY + timedelta(days=2), "ward-7", "Chair"),)
    assert "moves to Thu 07 Jan" in note


def test_when_nobody_can_go_the_area_is_reported_uncovered() -> None:
    leaders = [Leader("Director", "executive", 14)]
    declined = visit(TUESDAY, "ward-7", "Director")
    visits, note = repair_after_decline([declined], declined, "Director", leaders, VisitRules())
    assert visits == ()
    assert "ward-7" in note and "uncovered" in note


def test_declining_a_visit_you_are_not_on_is_refused() -> None:
    leaders = [Leader("Director", "executive", 14), Leader("Chair", "non_executive", 28)]
    declined = visit(TUESDAY, "ward-7", "Director")
    with pytest.raises(VisitChangeRefused, match="Chair is not on that visit"):
        repair_after_decline([declined], declined, "Chair", leaders, VisitRules())


LEADERS = [
    Leader("Director", "executive", 14),
    Leader("Chair", "non_executive", 28, frozenset({TUESDAY + timedelta(days=14)})),
    Leader("Nurse Director", "executive", 7),
]


def test_a_swap_hands_the_visit_over() -> None:
    mine = visit(TUESDAY, "ward-7", "Director")
    visits, note = swap([mine], mine, "Director", "Chair", LEADERS, VisitRules())
    assert visits == (visit(TUESDAY, "ward-7", "Chair"),)
    assert note.startswith("Chair will visit ward-7")


@pytest.mark.parametrize(
    ("others", "day", "to", "reason"),
    [
        ([], TUESDAY + timedelta(days=14), "Chair", "Chair is unavailable"),
        ([visit(TUESDAY, "ed", "Chair")], TUESDAY, "Chair", "Chair already has a visit"),
        ([], TUESDAY, "Locum", "Locum is not on the visits rota"),
        ([], TUESDAY, "Director", "Director is already on that visit"),
    ],
)
def test_a_swap_that_breaks_the_rules_is_refused(
    others: list[PlannedVisit], day: date, to: str, reason: str
) -> None:
    mine = visit(day, "ward-7", "Director")
    with pytest.raises(VisitChangeRefused, match=reason):
        swap([mine, *others], mine, "Director", to, LEADERS, VisitRules())


def test_a_paired_swap_must_keep_the_pairing() -> None:
    rules = VisitRules(pair_executive_with_non_executive=True)
    mine = visit(TUESDAY, "ward-7", "Director", "Chair")
    with pytest.raises(VisitChangeRefused, match="pair an executive"):
        swap([mine], mine, "Chair", "Nurse Director", LEADERS, rules)
    visits, _ = swap([mine], mine, "Director", "Nurse Director", LEADERS, rules)
    assert visits == (visit(TUESDAY, "ward-7", "Nurse Director", "Chair"),)


def test_a_swap_beyond_a_cadence_is_allowed_with_a_warning() -> None:
    mine = visit(TUESDAY, "ward-7", "Director")
    theirs = visit(TUESDAY + timedelta(days=7), "ed", "Chair")
    _, note = swap([mine, theirs], mine, "Director", "Chair", LEADERS, VisitRules())
    assert "more than their cadence" in note


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trusts(max_areas=60, max_leaders=15), st.data())
def test_repairs_on_generated_trusts_keep_the_rules(trust: Trust, data: st.DataObject) -> None:
    plan = plan_visits(
        trust.areas,
        trust.leaders,
        trust.rules,
        trust.start,
        trust.weeks,
        BANK_HOLIDAYS,
        trust.history,
    )
    if not plan.visits:
        return
    declined = data.draw(st.sampled_from(plan.visits))
    leader = data.draw(st.sampled_from(declined.leaders))
    visits, note = repair_after_decline(
        plan,
        declined,
        leader,
        trust.leaders,
        trust.rules,
        BANK_HOLIDAYS,
        trust.history,
        today=trust.start,
        max_shift_days=0 if data.draw(st.booleans()) else 14,
        areas=[a.key for a in trust.areas],
    )
    assert note
    assert len(visits) in (len(plan.visits), len(plan.visits) - 1)
    assert not any(
        v.team_key == declined.team_key and leader in v.leaders and v.date == declined.date
        for v in visits
    )
    assert seating_breaches(trust, visits) == []
    same_slot = [
        v
        for v in visits
        if (v.date, v.time, v.team_key) == (declined.date, declined.time, declined.team_key)
    ]
    if same_slot and len(visits) == len(plan.visits):
        assert revisit_breaches(trust, visits) == []
    # Moves may leave the plan period by up to two weeks; the other rules still hold.
    stretched = Trust(
        trust.areas, trust.leaders, trust.rules, trust.start, trust.weeks + 2, trust.history
    )
    assert booking_breaches(stretched, visits) == []
