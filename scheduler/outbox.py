"""The outbox: durable posts, claimed by workers under a lease, ending in one visible state.

Life of a row: pending -> sending (claimed, leased) -> sent | retry -> … | expired | dead.
`skipped` marks a row the core withdrew. Every function takes `now`; none reads the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session

from bot import outbox_json
from bot.messages import Edit, Post, Posted
from bot.ports import DeliveryFailed
from bot.stores.tables.schedule import DeliveryGate, OutboxRow
from scheduler.enqueue import enqueue, enqueue_many, row_values, scope_of
from scheduler.policy import DeliveryPolicy
from scheduler.sql import hold_back, upsert_later

__all__ = [  # enqueueing lives in scheduler.enqueue; it is re-exported here
    "Claimed",
    "candidates",
    "claim",
    "complete",
    "complete_many",
    "enqueue",
    "enqueue_many",
    "expire",
    "expire_overdue",
    "fail",
    "next_retry",
    "row_values",
    "scope_of",
]
TERMINAL = ("sent", "skipped", "expired", "dead")


@dataclass(frozen=True)
class Claimed:
    """A row a worker now holds the lease on."""

    id: int
    idem_key: str
    kind: str
    team_id: int
    platform: str
    workspace: str
    scope: str
    item: Post | Edit
    attempts: int
    uncertain: bool  # an earlier attempt may have reached the platform
    not_after: datetime


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    waiting = and_(
        OutboxRow.status.in_(("pending", "retry")),
        OutboxRow.next_attempt_at <= now,
        or_(OutboxRow.not_after >= now, OutboxRow.uncertain.is_(True)),
    )
    abandoned = and_(OutboxRow.status == "sending", OutboxRow.lease_until < now)
    return or_(waiting, abandoned)


def expire_overdue(session: Session, now: datetime) -> int:
    """Rows too late to be useful (and never possibly sent) become `expired`."""
    result = session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.status.in_(("pending", "retry")),
            OutboxRow.not_after < now,
            OutboxRow.uncertain.is_(False),
        )
        .values(status="expired", last_error="too late: past its useful time")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def candidates(
    session: Session, now: datetime, limit: int, scan: int = 5000
) -> list[tuple[int, str, str, str]]:
    """(id, platform, workspace, scope): the oldest claimable row of each conversation not held
    back by a gate, taken in turn from each workspace so one busy workspace starves no other."""
    gated = select(DeliveryGate.scope).where(DeliveryGate.free_at > now)
    rows = session.execute(
        select(OutboxRow.id, OutboxRow.platform, OutboxRow.workspace, OutboxRow.scope)
        .where(_claimable(now), OutboxRow.scope.not_in(gated))
        .order_by(OutboxRow.due_at, OutboxRow.id)
        .limit(scan)
    )
    seen: set[str] = set()
    queues: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {}
    for row in rows:
        if row.scope not in seen:
            seen.add(row.scope)
            queues.setdefault((row.platform, row.workspace), []).append(tuple(row))  # type: ignore[arg-type]
    chosen: list[tuple[int, str, str, str]] = []
    for turn in zip_longest(*queues.values()):
        chosen += [row for row in turn if row is not None]
        if len(chosen) >= limit:
            break
    return chosen[: max(limit, 0)]


def next_retry(session: Session, now: datetime) -> datetime | None:
    """When the next waiting row falls due (a retry's backoff or Retry-After ends), if any."""
    return session.scalar(
        select(func.min(OutboxRow.next_attempt_at)).where(
            OutboxRow.status.in_(("pending", "retry")), OutboxRow.next_attempt_at > now
        )
    )


def claim(
    session: Session,
    ids: list[int] | dict[int, datetime],
    now: datetime,
    worker: str,
    policy: DeliveryPolicy,
) -> list[Claimed]:
    """Take the lease on those of `ids` still claimable (PostgreSQL skips rows others lock).
    `ids` may map each id to its slot (when it will be sent); the conversation is held back
    until one interval after it."""
    slots = ids if isinstance(ids, dict) else dict.fromkeys(ids, now)
    ids = list(slots)
    if not ids:
        return []
    where = [OutboxRow.id.in_(ids), _claimable(now)]
    if session.get_bind().dialect.name == "postgresql":  # one statement: lock, skip, update
        locked = select(OutboxRow.id).where(*where).with_for_update(skip_locked=True)
        where = [OutboxRow.id.in_(locked.scalar_subquery())]
    stmt = (
        update(OutboxRow)
        .where(*where)
        .values(
            uncertain=case((OutboxRow.status == "sending", True), else_=OutboxRow.uncertain),
            status="sending",
            attempts=OutboxRow.attempts + 1,
            lease_until=now + policy.lease,
            claimed_by=worker,
        )
        .returning(
            OutboxRow.id,
            OutboxRow.idem_key,
            OutboxRow.kind,
            OutboxRow.team_id,
            OutboxRow.platform,
            OutboxRow.workspace,
            OutboxRow.scope,
            OutboxRow.payload,
            OutboxRow.attempts,
            OutboxRow.uncertain,
            OutboxRow.not_after,
        )
    )
    claimed = [
        Claimed(
            r.id,
            r.idem_key,
            r.kind,
            r.team_id,
            r.platform,
            r.workspace,
            r.scope,
            outbox_json.loads(r.payload),
            r.attempts,
            r.uncertain,
            r.not_after,
        )
        for r in session.execute(stmt)
    ]
    paced: dict[str, datetime] = {}
    for row in claimed:
        at = max(slots.get(row.id, now), now) + policy.interval(row.platform)
        paced[row.scope] = max(at, paced.get(row.scope, at))
    hold_back(session, paced, "pace")
    return claimed


def _finish(session: Session, row: Claimed, worker: str, **values: object) -> bool:
    result = session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.id == row.id, OutboxRow.status == "sending", OutboxRow.claimed_by == worker
        )
        .values(lease_until=None, **values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def complete(
    session: Session,
    row: Claimed,
    worker: str,
    posted: Posted,
    now: datetime,
    policy: DeliveryPolicy,
) -> bool:
    """Record a send the platform accepted; False if the lease was lost meanwhile. Where it
    landed (`posted`) is kept once, by the core's postings, for posts that say what they are
    about."""
    upsert_later(session, row.scope, now + policy.interval(row.platform), "pace")
    return _finish(
        session,
        row,
        worker,
        status="sent",
        uncertain=False,
        sent_at=now,
    )


def complete_many(
    session: Session, items: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> list[bool]:
    """`complete` for many sends in two statements (the conversations' pace, then the rows).
    A row whose lease was lost meanwhile is left alone; each answer is True."""
    paced: dict[str, datetime] = {}
    values = []
    for args, _ in items:  # each as `complete(session, row, worker, posted, now, policy)`
        row, worker, _posted, now, policy = args
        at = now + policy.interval(row.platform)
        paced[row.scope] = max(at, paced.get(row.scope, at))
        values.append({"b_id": row.id, "b_worker": worker, "b_at": now})
    hold_back(session, paced, "pace")
    table = OutboxRow.__table__
    session.connection().execute(
        update(table)
        .where(
            table.c.id == bindparam("b_id"),
            table.c.status == "sending",
            table.c.claimed_by == bindparam("b_worker"),
        )
        .values(
            status="sent",
            uncertain=False,
            lease_until=None,
            sent_at=bindparam("b_at"),
        ),
        values,
    )
    return [True] * len(items)


def expire(session: Session, row: Claimed, worker: str, reason: str) -> bool:
    return _finish(session, row, worker, status="expired", last_error=reason[:500])


def fail(
    session: Session,
    row: Claimed,
    worker: str,
    error: DeliveryFailed,
    now: datetime,
    policy: DeliveryPolicy,
    rng: random.Random,
    *,
    uncertain: bool = False,
) -> str:
    """Record a failed attempt: back off (honouring Retry-After), or give up as `dead`."""
    reason = f"{error.kind}: {error.reason}"[:500]
    if error.kind == "permanent" or (
        error.kind != "rate_limited" and row.attempts >= policy.max_attempts
    ):
        _finish(session, row, worker, status="dead", last_error=reason, uncertain=False)
        return "dead"
    if error.kind == "rate_limited":
        wait = timedelta(seconds=error.retry_after if error.retry_after is not None else 1.0)
        upsert_later(session, row.scope, now + wait, "retry-after")
        delay = wait + timedelta(seconds=rng.uniform(0, 0.25))
        attempts = row.attempts - 1  # being told to wait is not a failed attempt
    else:
        delay, attempts = policy.backoff(row.attempts, rng), row.attempts
    _finish(
        session,
        row,
        worker,
        status="retry",
        last_error=reason,
        attempts=attempts,
        next_attempt_at=now + delay,
        uncertain=row.uncertain or uncertain,
    )
    return "retry"
