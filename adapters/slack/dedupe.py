"""Events API deliveries seen before, recognised by their `event_id` (Slack retries an event it
thinks we missed, about 0 s, 1 min and 5 min after the first delivery)."""

from __future__ import annotations

from sqlalchemy import Engine

from adapters.seen import SeenOnce
from bot.stores.tables.inbound import SlackEventSeen


class SeenEvents(SeenOnce):
    """`first_time(event_id)` is True exactly once per event id, across processes."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, SlackEventSeen.__table__)  # type: ignore[arg-type]
