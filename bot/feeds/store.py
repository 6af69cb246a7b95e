"""Storing checked fed readings: idempotent per (team, measure, date, source), and a value
typed or confirmed by staff is never replaced by a feed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds.check import Checked
from bot.huddle.values import typed_of
from bot.stores.tables.core import Reading

RECORDED, REPLACED, UNCHANGED, KEPT = "recorded", "replaced", "unchanged", "kept"
NOTES = {
    RECORDED: "stored",
    REPLACED: "stored; it replaces the earlier fed value",
    UNCHANGED: "already stored from this source: nothing changed",
    KEPT: "staff have recorded this day's value: theirs stands, nothing changed",
}


@dataclass(frozen=True)
class Stored:
    index: int
    status: str  # recorded | replaced | unchanged | kept

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "status": self.status, "note": NOTES[self.status]}


def _existing(
    session: Session, items: Sequence[Checked]
) -> dict[tuple[int, object], list[Reading]]:
    """Every reading already held for the items' measures and days, oldest first."""
    found: dict[tuple[int, object], list[Reading]] = defaultdict(list)
    if not items:
        return found
    wanted = {(c.measure.id, c.day) for c in items}
    days = [c.day for c in items]
    rows = session.scalars(
        select(Reading)
        .where(
            Reading.measure_id.in_({c.measure.id for c in items}),
            Reading.day >= min(days),
            Reading.day <= max(days),
        )
        .order_by(Reading.recorded_at, Reading.id)
    )
    for row in rows:
        if (row.measure_id, row.day) in wanted:
            found[(row.measure_id, row.day)].append(row)
    return found


def store(session: Session, items: Sequence[Checked], now: datetime, channel: str) -> list[Stored]:
    """Store each item (`channel`: api, import or pull), in order; a later item for the same
    measure, day and source replaces an earlier one."""
    held = _existing(session, items)
    results = []
    for item in items:
        rows = held[(item.measure.id, item.day)]
        current = next((r for r in reversed(rows) if r.superseded_at is None), None)
        same = next((r for r in reversed(rows) if r.feed == item.source), None)
        if same is not None and typed_of(same) == item.typed:
            results.append(Stored(item.index, UNCHANGED))
            continue
        if current is not None and current.feed is None:
            results.append(Stored(item.index, KEPT))
            continue
        if current is not None:
            current.superseded_at = now
        reading = Reading(
            measure_id=item.measure.id,
            day=item.day,
            value=item.typed.value,
            numerator=item.typed.numerator,
            denominator=item.typed.denominator,
            person_id=None,
            recorded_at=now,
            source=channel,
            feed=item.source,
        )
        session.add(reading)
        rows.append(reading)
        results.append(Stored(item.index, REPLACED if current is not None else RECORDED))
    session.flush()
    return results
