"""The shell's way to send posts for other conversations: durably, through the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.messages import Edit, Post

if TYPE_CHECKING:
    from huddlebot.bootstrap import Runtime


def dispatch(
    runtime: Runtime, posts: Iterable[Post | Edit], now: datetime, *, window_minutes: int = 60 * 12
) -> int:
    """Put `posts` in the outbox (a keyed post at most once); returns the rows added."""
    from scheduler.outbox import enqueue

    added = 0
    with runtime.db.session() as session:
        for item in posts:
            keyed = isinstance(item, Post) and item.key
            key = f"post:{item.key}" if keyed else f"post:{uuid.uuid4().hex}"  # type: ignore[union-attr]
            row = enqueue(
                session,
                item,
                key=key,
                now=now,
                kind="post",
                window=timedelta(minutes=window_minutes),
            )
            added += row is not None
    return added
