"""An acknowledged inbound request is marked handled in the same transaction as its effects,
with the answer to deliver, so after a crash it is neither done twice nor done silently."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import outbox_json
from bot.messages import Outbound
from bot.stores.tables.inbound import SlackInboxRow


class AlreadyHandled(Exception):
    """Another turn stored this request first; this turn's effects are rolled back."""


def claim(session: Session, inbox_id: int) -> None:
    """Mark the request handled, as the transaction's first write (so it holds the row, and on
    SQLite the transaction has begun before any savepoint); raises AlreadyHandled if it was."""
    done = session.execute(
        update(SlackInboxRow)
        .where(SlackInboxRow.id == inbox_id, SlackInboxRow.status == "received")
        .values(status="handled")
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyHandled(f"inbox row {inbox_id} was handled by another turn")


def keep_answer(session: Session, inbox_id: int, outs: list[Outbound]) -> None:
    """The answer to deliver, committed with the request's effects."""
    session.execute(
        update(SlackInboxRow)
        .where(SlackInboxRow.id == inbox_id)
        .values(answer=outbox_json.dumps(outs))
    )
