"""What the outage tests ask of a database after a fan-out: the dead prompts reported, the
scheduler's next tick (which reports them), and `huddlebot outbox --status dead --json`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from bot.db import normalise_url
from fakes.drills.fanout_kill import START
from fakes.server_process import ROOT


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


def list_dead(env: dict[str, str]) -> str:
    """What `huddlebot outbox --status dead --json` prints."""
    listed = subprocess.run(
        [sys.executable, "-m", "huddlebot.cli", "outbox", "--status", "dead", "--json"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr[-2000:]
    return listed.stdout
