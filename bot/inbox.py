"""The inbox: an acknowledged inbound request is stored before its acknowledgement, and marked
handled in the same transaction as its effects, with the answer to deliver, so after a crash it
is neither done twice nor done silently. And deliveries seen before: a platform that redelivers
must have the copy recognised by its id, never by dropping every retry (the first copy may be
the one that was lost).

A request is keyed so a copy does nothing; rows are claimed with a lease, and a row whose lease
ran out (its process died) is taken up again by the adapter's drain."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import outbox_json
from bot.inbox_rows import LEASE, NewRows, Request, row_of
from bot.messages import Outbound
from bot.stores.tables.inbound import InboundSeen, InboxRow

RENEW_FOR = timedelta(minutes=5)  # a turn held longer than this is left to the drain
KEEP = timedelta(days=1)  # keys outlive a platform's signature window and its retries
TIDY_EVERY = 500  # requests (or deliveries) between clearing out old keys
KEY_LENGTH = 64  # the seen key column's width


class AlreadyHandled(Exception):
    """Another turn stored this request first; this turn's effects are rolled back."""


def claim(session: Session, inbox_id: int) -> None:
    """Mark the request handled, as the transaction's first write (so it holds the row, and on
    SQLite the transaction has begun before any savepoint); raises AlreadyHandled if it was."""
    done = session.execute(
        update(InboxRow)
        .where(InboxRow.id == inbox_id, InboxRow.status == "received")
        .values(status="handled")
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyHandled(f"inbox row {inbox_id} was handled by another turn")


def keep_answer(session: Session, inbox_id: int, outs: list[Outbound]) -> None:
    """The answer to deliver, committed with the request's effects."""
    session.execute(
        update(InboxRow).where(InboxRow.id == inbox_id).values(answer=outbox_json.dumps(outs))
    )


@dataclass(frozen=True)
class Stored:
    """An inbox row taken up again: the request, and the answer when the core had stored it."""

    id: int
    kind: str
    body: dict[str, Any]
    answer: list[Outbound] | None
    attempts: int
    received_at: datetime


class Inbox:
    """Rows of the inbox, shared by every process on the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._new_rows = NewRows(engine)
        self._received = 0
        self._held: dict[int, datetime] = {}  # rows this process is answering -> since when
        self._unfinished: set[int] = set()  # answered, but the database could not be told

    def receive(self, key: str, kind: str, body: dict[str, Any], now: datetime) -> int | None:
        """Store the request (committed on return); None if its key was stored before."""
        return self.receive_many([Request(key, kind, body, now)])[0]

    def receive_many(self, requests: Sequence[Request]) -> list[int | None]:
        """Store requests in one transaction (committed on return), each row's id in order;
        None for a key stored before (or earlier in the same list). Raises, storing none of
        them, if the database cannot take them."""
        firsts: dict[str, Request] = {}
        for request in requests:
            firsts.setdefault(request.key, request)
        rows = [row_of(r) for r in firsts.values()]
        ids = self._new_rows.insert(rows) if rows else {}
        self._received += len(requests)
        if self._received >= TIDY_EVERY:
            self._received = 0
            self.forget_before(max(r.at for r in requests) - KEEP)
        stored: list[int | None] = []
        for request in requests:
            new_id = ids.pop(request.key, None) if firsts.get(request.key) is request else None
            if new_id is not None:
                self._held[new_id] = request.at
            stored.append(new_id)
        return stored

    def release(self, inbox_id: int) -> None:
        """This process will not answer the row: its lease runs out and a drain takes it up."""
        self._held.pop(inbox_id, None)

    def renew(self, now: datetime) -> int:
        """Extend the leases of the rows this process is still answering (a queue of turns
        under load is not a dead process), after finishing what could not be; returns how
        many leases."""
        for inbox_id in sorted(self._unfinished):
            self.finish(inbox_id)
        held = [i for i, since in list(self._held.items()) if now - since < RENEW_FOR]
        for stale in set(self._held) - set(held):
            self._held.pop(stale, None)
        if not held:
            return 0
        with self.engine.begin() as connection:
            connection.execute(
                update(InboxRow)
                .where(InboxRow.id.in_(held), InboxRow.status != "answered")
                .values(lease_until=now + LEASE)
            )
        return len(held)

    def finish(self, inbox_id: int) -> None:
        """The author has their answer: keep only the key (a replay still does nothing). If
        the database cannot be told, the row stays held and is finished by `renew` later, so
        an author told "NOT saved" during an outage is not then handled after all."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    update(InboxRow)
                    .where(InboxRow.id == inbox_id)
                    .values(status="answered", body=None, answer=None)
                )
        except Exception:
            self._unfinished.add(inbox_id)
            raise
        self._unfinished.discard(inbox_id)
        self._held.pop(inbox_id, None)

    def stale(self, now: datetime, limit: int = 50) -> list[Stored]:
        """Claim rows whose turn died (lease run out), each for one new lease."""
        table = InboxRow
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table.id, table.lease_until)
                .where(table.status.in_(("received", "handled")), table.lease_until < now)
                .order_by(table.id)
                .limit(limit)
            ).all()
        taken: list[Stored] = []
        for row_id, lease in rows:
            with self.engine.begin() as connection:
                claimed = connection.execute(
                    update(table)
                    .where(table.id == row_id, table.lease_until == lease)
                    .values(lease_until=now + LEASE, attempts=table.attempts + 1)
                    .returning(
                        table.kind, table.body, table.answer, table.attempts, table.received_at
                    )
                ).first()
            if claimed is not None:
                self._held[row_id] = now
                kind, body, answer, attempts, received = claimed
                taken.append(
                    Stored(
                        row_id,
                        kind,
                        json.loads(body or "{}"),
                        outbox_json.loads(answer) if answer else None,
                        attempts,
                        received,
                    )
                )
        return taken

    def forget_before(self, cutoff: datetime) -> int:
        """Drop answered rows received before `cutoff`; returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(InboxRow).where(InboxRow.status == "answered", InboxRow.received_at < cutoff)
            )
        return result.rowcount or 0


class SeenOnce:
    """`first_time(key)` is True exactly once per key, across processes sharing the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.table = engine, cast(Table, InboundSeen.__table__)
        self.key = self.table.c.delivery_key
        self._inserted = 0

    def first_time(self, key: str, now: datetime) -> bool:
        """Record the key; False if it was recorded before. Raises if the database is down."""
        try:
            with self.engine.begin() as connection:
                row = {self.key.name: key[:KEY_LENGTH], "seen_at": now}
                connection.execute(insert(self.table).values(row))
        except IntegrityError:
            return False
        self._inserted += 1
        if self._inserted % TIDY_EVERY == 0:
            self.forget_before(now - KEEP)
        return True

    def forget_before(self, cutoff: datetime) -> int:
        """Drop keys older than `cutoff`; returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(self.table).where(self.table.c.seen_at < cutoff))
        return result.rowcount or 0
