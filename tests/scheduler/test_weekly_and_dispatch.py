"""Weekly items follow the team's settings; posts the shell dispatches go out once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sched_kit import runtime, seed

from bot.db import Database
from bot.messages import Address, Post, Text
from bot.schedule import SlotRule, TeamPlan, occurrences
from huddlebot.delivery import dispatch
from scheduler.service import step

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)


def weekly(plan: TeamPlan) -> list[tuple[str, str]]:
    found = occurrences(plan, MONDAY, MONDAY + timedelta(days=7))
    return [
        (o.due.kind, o.local.strftime("%a %H:%M"))
        for o in found
        if o.due.kind in ("charts.digest", "ideas.reflection")
    ]


def test_digest_on_monday_after_the_first_huddle_and_reflection_on_friday() -> None:
    plan = TeamPlan(1, "ward-7", slots=(SlotRule("14:00", "14:00"), SlotRule("08:30", "08:30")))
    assert weekly(plan) == [("charts.digest", "Mon 09:30"), ("ideas.reflection", "Fri 09:30")]


def test_weekly_items_can_move_or_be_turned_off() -> None:
    plan = TeamPlan(
        1,
        "ward-7",
        slots=(SlotRule("08:30", "08:30", "mon-fri"),),
        digest="tuesday 10:15",
        reflection="off",
    )
    assert weekly(plan) == [("charts.digest", "Tue 10:15")]


def test_dispatched_posts_are_delivered_and_a_keyed_one_only_once(db: Database) -> None:
    seed(db, slots=())
    rt = runtime(db, MONDAY)
    to = Address("slack", "T1", "C-division")
    keyed = Post(to, Text("Escalation from Ward 7"), key="escalation:12")
    assert dispatch(rt, [keyed, Post(to, Text("Thanks"))], MONDAY) == 2
    assert dispatch(rt, [keyed, Post(to, Text("Thanks"))], MONDAY) == 1  # the key is known

    async def go() -> None:
        for second in range(0, 4):
            rt.clock.set(MONDAY + timedelta(seconds=second))
            await step(rt, rt.clock.now())

    asyncio.run(go())
    texts = rt.platforms["slack"].texts()
    assert sorted(texts) == ["Escalation from Ward 7", "Thanks", "Thanks"]
    sent = rt.platforms["slack"].sent
    assert all((b.at - a.at).total_seconds() >= 1 for a, b in zip(sent, sent[1:], strict=False))
