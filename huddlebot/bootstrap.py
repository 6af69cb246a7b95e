"""The composition root: build everything from settings. Tests call it with their own."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot.app import Huddlebot
from bot.assembly import assemble
from bot.db import Database
from bot.ports import Platform
from huddlebot.migrate import upgrade
from huddlebot.settings import Settings

log = logging.getLogger("huddlebot")


@dataclass(eq=False)  # compared and hashed by identity: one runtime per process
class Runtime:
    settings: Settings
    db: Database
    bot: Huddlebot
    clock: Any  # scheduler.clock: .now() -> aware UTC datetime
    platforms: dict[str, Platform] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)  # health facts (scheduler leader …)


def build(settings: Settings, clock: Any = None, migrate: bool = True) -> Runtime:
    db = Database(settings.database_url)
    if migrate:
        upgrade(db)
    if clock is None:
        from scheduler.clock import SystemClock

        clock = SystemClock()
    return Runtime(
        settings=settings,
        db=db,
        bot=assemble(db, enabled_platforms(settings), settings.anonymous_key.encode()),
        clock=clock,
    )


def enabled_platforms(settings: Settings) -> frozenset[str]:
    """Slack and/or Teams when configured; otherwise the console (the newcomer's demo)."""
    names = {"slack"} if settings.slack_enabled else set()
    if settings.teams_enabled:
        names.add("teams")
    return frozenset(names or {"console"})
