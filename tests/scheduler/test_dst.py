"""Every Europe/London clock change 2025-2035: each slot fires exactly once per local date,
the spring gap fires an hour later on the wall clock, the autumn fold fires once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedule import SlotRule, TeamPlan, occurrences

LONDON = ZoneInfo("Europe/London")
SLOTS = tuple(
    SlotRule(f"{m // 60:02d}:{m % 60:02d}", f"{m // 60:02d}:{m % 60:02d}")
    for m in range(0, 1440, 15)
)
PLAN = TeamPlan(1, "ward-7", slots=SLOTS, nudge_after_minutes=0, digest="off", reflection="off")


def transitions() -> list[date]:
    """The local dates on which Europe/London changes offset, found from the zone itself."""
    found = []
    day = date(2025, 1, 1)
    while day.year <= 2035:
        before = datetime.combine(day, time(0), tzinfo=LONDON).utcoffset()
        after = datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).utcoffset()
        if before != after:
            found.append(day)
        day += timedelta(days=1)
    return found


CHANGES = transitions()


def test_there_are_two_changes_a_year() -> None:
    assert len(CHANGES) == 22
    assert {d.month for d in CHANGES} == {3, 10} and all(d.weekday() == 6 for d in CHANGES)


def ticked(after: datetime, until: datetime, step: timedelta) -> list:  # type: ignore[type-arg]
    """What a scheduler ticking every `step` would produce over (after, until]."""
    found, mark = [], after
    while mark < until:
        nxt = min(mark + step, until)
        found += occurrences(PLAN, mark, nxt)
        mark = nxt
    return found


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_one_occurrence_per_slot_per_local_date(change: date) -> None:
    first, last = change - timedelta(days=1), change + timedelta(days=1)
    after = datetime.combine(first, time(0), tzinfo=LONDON).astimezone(UTC) - timedelta(hours=3)
    until = datetime.combine(last, time(23, 59), tzinfo=LONDON).astimezone(UTC) + timedelta(hours=3)
    found = [
        o for o in ticked(after, until, timedelta(seconds=437)) if first <= o.due.local_date <= last
    ]
    counts = Counter((o.due.local_date, o.due.slot) for o in found)
    assert set(counts) == {(first + timedelta(days=i), s.slot) for i in range(3) for s in SLOTS}
    assert set(counts.values()) == {1}


@pytest.mark.parametrize("change", [d for d in CHANGES if d.month == 3], ids=str)
def test_spring_gap_fires_an_hour_later_on_the_wall_clock(change: date) -> None:
    day = [o for o in occurrences(PLAN, *_day(change)) if o.due.local_date == change]
    by_slot = {o.due.slot: o for o in day}
    for slot in ("01:00", "01:15", "01:30", "01:45"):
        hours, minutes = map(int, slot.split(":"))
        assert by_slot[slot].local.time() == time(hours + 1, minutes)
        assert by_slot[slot].local.utcoffset() == timedelta(hours=1)
    assert by_slot["00:45"].due.due_at < by_slot["01:00"].due.due_at
    assert by_slot["02:00"].local.time() == time(2, 0)  # 02:00 BST exists: on time
    assert by_slot["01:00"].due.due_at == by_slot["02:00"].due.due_at  # both at 02:00 BST


@pytest.mark.parametrize("change", [d for d in CHANGES if d.month == 10], ids=str)
def test_autumn_fold_fires_once_at_the_first_instance(change: date) -> None:
    day = [o for o in occurrences(PLAN, *_day(change)) if o.due.local_date == change]
    by_slot = {o.due.slot: o for o in day}
    for slot in ("01:00", "01:15", "01:30", "01:45"):
        assert by_slot[slot].local.utcoffset() == timedelta(hours=1)  # still BST
        assert by_slot[slot].local.strftime("%H:%M") == slot
    assert by_slot["02:00"].local.utcoffset() == timedelta(0)
    assert (by_slot["02:00"].due.due_at - by_slot["01:45"].due.due_at) == timedelta(minutes=75)


def _day(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=2)
    return start, start + timedelta(hours=28)
