"""What the outage tests ask of a database after a fan-out: the dead prompts reported, and the
scheduler's next tick (which reports them)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from bot.db import normalise_url
from fakes.drills.fanout_kill import START


def dead_reported(database_url: str) -> int:
    """Huddle prompts that ended dead and have been reported."""
    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM outbox WHERE kind = 'huddle.prompt' "
                        "AND status = 'dead' AND reported_at IS NOT NULL"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def next_tick(database_url: str, after: float, **settings: Any) -> None:
    """A tick `after` seconds past START, as the running scheduler's next one: it reports the
    rows that ended dead (ticks serialise on the mark, so a second ticker is harmless)."""
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings
    from scheduler.tick import tick

    runtime = build(Settings(database_url=database_url, **settings), migrate=False)
    try:
        now = (START + timedelta(seconds=after)).replace(tzinfo=UTC)
        tick(runtime.db, runtime.bot.compose, now)
    finally:
        runtime.db.dispose()
