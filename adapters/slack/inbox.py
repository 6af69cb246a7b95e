"""The Slack inbox: every request that gets a 200 is stored first, keyed so a copy does nothing.

Key: the Events API `event_id` (Slack retries an event it thinks we missed), otherwise a hash of
the signed timestamp and body, so a byte-identical replay of a slash command or an interaction
inside the signature window is recognised. Rows are claimed with a lease; a row whose lease ran
out (its process died) is taken up again by the drain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot import outbox_json
from bot.messages import Outbound
from bot.stores.tables.inbound import SlackInboxRow

LEASE = timedelta(seconds=10)  # renewed while this process holds the turn; then the drain
RENEW_FOR = timedelta(minutes=5)  # a turn held longer than this is left to the drain
KEEP = timedelta(days=1)  # keys outlive the 5-minute signature window and Slack's retries
TIDY_EVERY = 500  # requests between clearing out old keys
KINDS = {"event_callback": "event", "block_actions": "action", "view_submission": "submission"}


def kind_of(body: dict[str, Any]) -> str:
    """command, action, submission or event; "" for what the inbox does not keep."""
    if body.get("command") and "type" not in body:
        return "command"
    return KINDS.get(str(body.get("type", "")), "")


def request_key(body: dict[str, Any], raw: str, timestamp: str) -> str:
    """Slack's own event id where there is one, else a hash of the signed timestamp and body."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if isinstance(event_id, str) and 0 < len(event_id) <= 64:
        return event_id
    return hashlib.sha256(f"{timestamp}:{raw}".encode()).hexdigest()


@dataclass(frozen=True)
class Stored:
    """An inbox row taken up again: the request, and the answer when the core had stored it."""

    id: int
    kind: str
    body: dict[str, Any]
    answer: list[Outbound] | None
    attempts: int
    received_at: datetime


class SlackInbox:
    """Rows of `slack_inbox`, shared by every process on the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._received = 0
        self._held: dict[int, datetime] = {}  # rows this process is answering -> since when
        self._unfinished: set[int] = set()  # answered, but the database could not be told

    def receive(self, key: str, kind: str, body: dict[str, Any], now: datetime) -> int | None:
        """Store the request (committed on return); None if its key was stored before."""
        row = {
            "request_key": key,
            "kind": kind,
            "body": json.dumps(body),
            "status": "received",
            "attempts": 0,
            "received_at": now,
            "lease_until": now + LEASE,
        }
        try:
            with self.engine.begin() as connection:
                new_id = connection.execute(insert(SlackInboxRow).values(row)).inserted_primary_key
        except IntegrityError:
            return None
        self._received += 1
        if self._received % TIDY_EVERY == 0:
            self.forget_before(now - KEEP)
        if not new_id:
            return None
        self._held[int(new_id[0])] = now
        return int(new_id[0])

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
                update(SlackInboxRow)
                .where(SlackInboxRow.id.in_(held), SlackInboxRow.status != "answered")
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
                    update(SlackInboxRow)
                    .where(SlackInboxRow.id == inbox_id)
                    .values(status="answered", body=None, answer=None)
                )
        except Exception:
            self._unfinished.add(inbox_id)
            raise
        self._unfinished.discard(inbox_id)
        self._held.pop(inbox_id, None)

    def stale(self, now: datetime, limit: int = 50) -> list[Stored]:
        """Claim rows whose turn died (lease run out), each for one new lease."""
        table = SlackInboxRow
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
                delete(SlackInboxRow).where(
                    SlackInboxRow.status == "answered", SlackInboxRow.received_at < cutoff
                )
            )
        return result.rowcount or 0
