"""Putting posts and edits in the outbox: one row each, unique by idempotency key."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot import outbox_json
from bot.addresses import NOWHERE
from bot.messages import Edit, Post
from bot.stores.tables.schedule import OutboxRow
from scheduler.sql import insert_for


def scope_of(item: Post | Edit) -> tuple[str, str, str]:
    """(platform, workspace, scope): the scope is the conversation that rate limits apply to."""
    if isinstance(item, Edit):
        platform, workspace, conversation = item.posted.platform, "", item.posted.conversation
    else:
        platform, workspace, conversation = (
            item.to.platform,
            item.to.workspace,
            item.to.conversation,
        )
    return platform, workspace, f"{platform}|{workspace}|{conversation}"


def row_values(
    item: Post | Edit,
    *,
    key: str,
    now: datetime,
    kind: str = "post",
    team_id: int | None = None,
    due_at: datetime | None = None,
    not_after: datetime | None = None,
    occurrence_id: int | None = None,
    status: str = "pending",
    window: timedelta = timedelta(minutes=45),
) -> dict[str, object]:
    """The column values of a new outbox row."""
    platform, workspace, scope = scope_of(item)
    due = due_at or now
    last_error = ""
    if platform == NOWHERE:  # a team with no channel: undeliverable from the start, reported
        status, last_error = "dead", "no channel is linked to the team"
    return dict(
        idem_key=key,
        occurrence_id=occurrence_id,
        kind=kind,
        team_id=team_id or 0,
        platform=platform,
        workspace=workspace,
        scope=scope,
        payload=outbox_json.dumps(item),
        status=status,
        attempts=0,
        uncertain=False,
        next_attempt_at=due,
        claimed_by="",
        last_error=last_error,
        due_at=due,
        not_after=not_after or due + window,
        created_at=now,
    )


def enqueue(
    session: Session, item: Post | Edit, *, key: str, now: datetime, **kw: Any
) -> int | None:
    """Add a row unless one with `key` exists; returns the new row's id, or None if it existed.

    Keyword arguments are those of `row_values` (kind, team_id, due_at, not_after, …)."""
    stmt = (
        insert_for(session, OutboxRow)
        .values(**row_values(item, key=key, now=now, **kw))
        .on_conflict_do_nothing(index_elements=["idem_key"])
        .returning(OutboxRow.id)
    )
    return session.execute(stmt).scalar_one_or_none()


def enqueue_many(session: Session, rows: list[dict[str, object]]) -> None:
    """Add many rows (from `row_values`) in one executemany; existing keys are left alone."""
    if rows:
        table = OutboxRow.__table__
        session.execute(
            insert_for(session, table).on_conflict_do_nothing(index_elements=["idem_key"]), rows
        )
