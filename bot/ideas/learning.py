"""The monthly trust-wide learning digest, in the trust's learning channel: the ideas adopted
last month, the teams that took ideas up from others, and each adopted idea's chart with its
test of change marked (before and after).

Like the weekly ideas digest it is a one-off timer (`ideas.learning`, slot `trust:<id>`) that sets
next month's when it fires; the first is set when an idea is adopted or shared.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.addresses import addresses_of
from bot.context import Context
from bot.ideas.chart import measure_chart
from bot.ideas.store import Ideas
from bot.ideas.words import short
from bot.messages import Message, Post, Text
from bot.schedule import Due
from bot.schedule.timers import set_timer
from bot.stores.tables.core import Trust

KIND = "ideas.learning"
AT = time(10, 30)
CHARTS = 4  # at most this many before/after charts in one digest


def first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(0 - first.weekday()) % 7)


def next_learning_day(today: date) -> date:
    """The first Monday of a month, strictly after `today`."""
    this = first_monday(today.year, today.month)
    if this > today:
        return this
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return first_monday(year, month)


def keep_learning_going(ideas: Ideas, trust: Trust, now: datetime) -> None:
    """Make sure the trust has its next learning digest timer (idempotent)."""
    zone = ZoneInfo(trust.timezone or "Europe/London")
    day = next_learning_day(now.astimezone(zone).date())
    due_at = datetime.combine(day, AT, tzinfo=zone).astimezone(UTC)
    set_timer(
        ideas.session,
        KIND,
        due_at,
        local_date=day,
        slot=f"trust:{trust.id}",
        ref="learning",
        now=now,
    )


def month_before(day: date) -> tuple[date, date]:
    """The calendar month before `day`'s: (its first day, the first day of `day`'s month)."""
    end = day.replace(day=1)
    start = (end - timedelta(days=1)).replace(day=1)
    return start, end


def learning_digest(
    store: Ideas, trust: Trust, first: date, last: date, today: date
) -> list[Message]:
    """The digest's messages for ideas adopted or taken up from `first` up to (not including)
    `last`, days in the trust's zone; [] in a month with nothing to tell."""
    zone = ZoneInfo(trust.timezone or "Europe/London")
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last, time(0), tzinfo=zone).astimezone(UTC)
    names = store.team_names(trust.id)
    adopted_ids = store.adopted_between(start, end)
    ideas = {i.id: i for i in store.in_order(trust.id)}
    adopted = [i for i in ideas.values() if i.id in adopted_ids and i.status == "adopted"]
    taken_up = [i for i in ideas.values() if i.origin_id in ideas and start <= i.created_at < end]
    if not adopted and not taken_up:
        return []
    lines = [f"Adopted ({len(adopted)}):"]
    for i in adopted:
        learned = f" Learned: {short(i.study, 120)}" if i.study else ""
        lines.append(f"  #{i.number} {names.get(i.team_id, '?')}: {short(i.text, 100)}.{learned}")
    lines += ["  none this month"] if not adopted else []
    lines.append(f"Spreading ({len(taken_up)}):")
    for i in taken_up:
        origin = ideas[i.origin_id] if i.origin_id else None
        if origin is not None:
            lines.append(
                f"  {names.get(i.team_id, '?')} took up {names.get(origin.team_id, '?')}'s "
                f"#{origin.number} ({short(origin.text, 60)}) as #{i.number}"
            )
    lines += ["  no team took up another's idea this month"] if not taken_up else []
    lines.append("Find any idea with `/idea search <words>`; take one up with `/idea adopt 12`.")
    heading = f"What we learned across the trust in {first:%B %Y}"
    messages: list[Message] = [Text("\n".join(lines), heading)]
    for i in [i for i in adopted if i.measure_id][:CHARTS]:
        measure = store.measure_of(i)
        chart = measure_chart(store, measure, today) if measure is not None else None
        if chart is not None:
            messages.append(chart)
    return messages


def compose_learning(ctx: Context, due: Due) -> list[Post]:
    keep_learning_going(ctx.ideas, ctx.trust, ctx.now)
    places = addresses_of(ctx.session, "learning", ctx.trust.id)
    if not places:
        return []
    zone = ZoneInfo(ctx.trust.timezone or "Europe/London")
    today = due.due_at.astimezone(zone).date()
    first, last = month_before(today)
    messages = learning_digest(ctx.ideas, ctx.trust, first, last, today)
    tag = f"{first:%Y-%m}"
    return [
        Post(a, m, key=f"ideas-learning:{tag}:{i}:{n}")
        for i, a in enumerate(places)
        for n, m in enumerate(messages)
    ]
