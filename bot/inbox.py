"""An acknowledged inbound request is marked handled in the same transaction as its effects,
with the answer to deliver, so after a crash it is neither done twice nor done silently."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import wire
from bot.messages import Outbound
from bot.stores.tables.inbound import SlackInboxRow


class AlreadyHandled(Exception):
    """Another turn stored this request first; this turn's effects are rolled back."""


def settle(session: Session, inbox_id: int, outs: list[Outbound]) -> None:
    """Mark the request handled, keeping the answer; raises AlreadyHandled if it was."""
    done = session.execute(
        update(SlackInboxRow)
        .where(SlackInboxRow.id == inbox_id, SlackInboxRow.status == "received")
        .values(status="handled", answer=wire.dumps(outs))
    )
    if done.rowcount != 1:
        raise AlreadyHandled(f"inbox row {inbox_id} was handled by another turn")
