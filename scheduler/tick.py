"""One tick: everything due since the mark becomes occurrence and outbox rows, in the same
transaction that advances the mark. Unique keys make a second scheduler, a restart or the
repeated October hour harmless; the mark only saves work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.addresses import NOWHERE
from bot.db import Database
from bot.huddle.anonymous import settle
from bot.messages import Post
from bot.schedule import Due, Occurrence, occurrences
from bot.schedule.bank import REGIONS, bank_holiday
from bot.stores.tables.schedule import OccurrenceRow, TickMark, TimerRow
from scheduler.outbox import enqueue_many, expire_overdue, row_values
from scheduler.plans import load_plans
from scheduler.reporting import report_failures
from scheduler.sql import insert_for

log = logging.getLogger(__name__)
Compose = Callable[[Due], list[Post]]
TIMER_WINDOW = timedelta(hours=12)
EPSILON = timedelta(microseconds=1)
FIRST_CHUNK, MOST_CHUNK = 10, 200  # occurrences composed and committed together
SETTLE_EVERY = 600  # seconds: anonymous days are settled when a tick crosses a 10-minute mark


@dataclass
class TickResult:
    after: datetime | None
    until: datetime
    enqueued: list[str] = field(default_factory=list)  # occurrence keys
    skipped: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # the core could not compose; retried


def _mark(session: Session, name: str) -> datetime | None:
    return session.scalar(select(TickMark.mark_at).where(TickMark.name == name))


def _timers(session: Session, now: datetime) -> list[tuple[int, Occurrence]]:
    found = []
    rows = session.scalars(
        select(TimerRow).where(TimerRow.status == "pending", TimerRow.due_at <= now)
    )
    for t in rows:
        due = Due(t.kind, t.team_id or None, "", t.local_date, t.slot, t.due_at, t.ref)
        not_after = t.not_after or t.due_at + TIMER_WINDOW
        found.append((t.id, Occurrence(due, not_after, t.due_at)))
    return found


def _already(session: Session, wanted: list[Occurrence]) -> set[str]:
    if not wanted:
        return set()
    days = {o.due.local_date for o in wanted}
    rows = session.execute(
        select(
            OccurrenceRow.kind, OccurrenceRow.team_id, OccurrenceRow.local_date, OccurrenceRow.slot
        ).where(OccurrenceRow.local_date.in_(days))
    )
    return {f"{k}:{t}:{d.isoformat()}:{s}" for k, t, d, s in rows}


def _team_keys(session: Session) -> dict[int, str]:
    from bot.stores.tables.core import Team

    return dict(session.execute(select(Team.id, Team.key)).tuples().all())


def _record(
    session: Session,
    found: list[tuple[Occurrence, list[Post] | None]],
    now: datetime,
    result: TickResult,
) -> None:
    """Insert occurrence rows (existing keys untouched) and outbox rows for the ones we added."""
    statuses, values = {}, []
    for occ, posts in found:
        late = now > occ.not_after
        status = "skipped" if occ.status == "skipped" else "expired" if late else "enqueued"
        status = "empty" if status == "enqueued" and not posts else status
        statuses[occ.due.key] = status
        due = occ.due
        values.append(
            dict(
                kind=due.kind,
                team_id=due.team_id or 0,
                local_date=due.local_date,
                slot=due.slot,
                ref=due.ref,
                due_at=due.due_at,
                not_after=occ.not_after,
                status=status,
                reason=occ.reason if status == "skipped" else "",
                created_at=now,
            )
        )
    added: dict[str, int] = {}
    if values:
        table = OccurrenceRow.__table__
        stmt = (
            insert_for(session, table)
            .on_conflict_do_nothing()
            .returning(table.c.kind, table.c.team_id, table.c.local_date, table.c.slot, table.c.id)
        )
        for kind, team, day, slot, row_id in session.execute(stmt, values):
            added[f"{kind}:{team}:{day.isoformat()}:{slot}"] = row_id
    rows = []
    for occ, posts in found:
        due, occurrence_id = occ.due, added.get(occ.due.key)
        if occurrence_id is None:
            continue  # another scheduler (or an earlier tick) recorded it: nothing more to do
        status = statuses[due.key]
        {"skipped": result.skipped, "expired": result.expired}.get(status, result.enqueued).append(
            due.key
        )
        rows += [
            _undeliverable(
                row_values(
                    post,
                    key=f"{due.key}#{post.key or index}",
                    now=now,
                    kind=due.kind,
                    team_id=due.team_id,
                    due_at=due.due_at,
                    not_after=occ.not_after,
                    occurrence_id=occurrence_id,
                    status="expired" if status == "expired" else "pending",
                ),
                due,
            )
            for index, post in enumerate(posts or [])
        ]
    enqueue_many(session, rows)


def _undeliverable(values: dict[str, object], due: Due) -> dict[str, object]:
    """A post for a team with no channel is dead on arrival, with the reason; it is reported."""
    if values["platform"] == NOWHERE:
        values["status"] = "dead"
        values["last_error"] = (
            f"no channel is linked to the team (a team lead can type `/huddle link "
            f"{due.team_key}` in the team's channel)"
        )
    return values


def _settle(session: Session, now: datetime) -> None:
    """Closed anonymous days get their one figure; a failure here must not cost the prompts."""
    try:
        with session.begin_nested():
            settle(session, now)
    except Exception:
        log.exception("could not settle anonymous answers; will try again next time")


def tick(
    db: Database,
    compose: Compose,
    now: datetime,
    *,
    name: str = "main",
    leader: str = "",
    platforms: frozenset[str] | None = None,
    recorded: Callable[[], None] | None = None,
) -> TickResult:
    """Run one tick at `now`. Safe to run concurrently and to repeat. Failure reports go only
    to `platforms` (those this deployment runs; None: all).

    Due work is composed and committed a chunk at a time, so the first prompts of a big
    fan-out can be sent while the rest are still being composed; `recorded` is called after
    each chunk that put rows in the outbox. A tick cut short leaves the mark where it was, and
    the next one adds only what is missing (the keys are unique)."""
    with db.session() as session:
        after = _mark(session, name)
        if after is None:
            warm_calendar(now)
            session.execute(
                insert_for(session, TickMark)
                .values(name=name, mark_at=now, leader=leader, heartbeat_at=now)
                .on_conflict_do_nothing()
            )
            return TickResult(None, now)
        if now <= after:
            return TickResult(after, now)
        keys = _team_keys(session)
        wanted = [o for plan in load_plans(session) for o in occurrences(plan, after, now)]
        timers = _timers(session, now)
        seen = _already(session, wanted + [o for _, o in timers])
    result = TickResult(after, now)
    new_mark = now
    todo: list[tuple[int | None, Occurrence]] = [(None, o) for o in wanted] + list(timers)
    for chunk in _chunks(todo):
        composed: dict[str, list[Post] | None] = {}
        for _, occ in chunk:
            if occ.due.key in seen or occ.status == "skipped":
                continue
            due = occ.due if occ.due.team_key else _with_key(occ.due, keys)
            try:
                composed[occ.due.key] = list(compose(due))
            except Exception:  # a composer bug must not stop other teams' prompts
                log.exception("could not compose %s; will try again next tick", occ.due.key)
                result.failed.append(occ.due.key)
                new_mark = min(new_mark, occ.due.due_at - EPSILON)
        with db.session() as session:
            # Take the mark's row lock first: ticks serialise, and SQLite takes its write lock now.
            _heartbeat(session, name, leader, now)
            found = []
            for timer_id, occ in chunk:
                if occ.due.key in result.failed or (timer_id is None and occ.due.key in seen):
                    continue
                if timer_id is not None and not _fire(session, timer_id):
                    continue
                found.append((occ, composed.get(occ.due.key)))
            _record(session, found, now, result)
        if recorded is not None and result.enqueued:
            recorded()  # these can go out while the rest are composed
    with db.session() as session:
        _heartbeat(session, name, leader, now)
        current = _mark(session, name) or after
        session.execute(
            update(TickMark).where(TickMark.name == name).values(mark_at=max(current, new_mark))
        )
        expire_overdue(session, now)
        report_failures(session, now, platforms=platforms)
        if after.timestamp() // SETTLE_EVERY != now.timestamp() // SETTLE_EVERY:
            _settle(session, now)
    return result


def _chunks(
    items: list[tuple[int | None, Occurrence]],
) -> Iterator[list[tuple[int | None, Occurrence]]]:
    """Small chunks first, so the first rows reach the outbox soon; then bigger ones."""
    start, size = 0, FIRST_CHUNK
    while start < len(items):
        yield items[start : start + size]
        start, size = start + size, min(size * 2, MOST_CHUNK)


def _heartbeat(session: Session, name: str, leader: str, now: datetime) -> None:
    session.execute(
        update(TickMark).where(TickMark.name == name).values(leader=leader, heartbeat_at=now)
    )


def _fire(session: Session, timer_id: int) -> bool:
    """Mark a timer fired; False if another tick fired it first."""
    fired = session.execute(
        update(TimerRow)
        .where(TimerRow.id == timer_id, TimerRow.status == "pending")
        .values(status="fired")
    )
    return bool(fired.rowcount)  # type: ignore[attr-defined]


def warm_calendar(now: datetime) -> None:
    """Load the bank holiday calendar now (its first use takes a moment), not in a busy tick."""
    for region in REGIONS:
        bank_holiday(now.date(), region)


def _with_key(due: Due, keys: dict[int, str]) -> Due:
    from dataclasses import replace

    return replace(due, team_key=keys.get(due.team_id or 0, ""))
