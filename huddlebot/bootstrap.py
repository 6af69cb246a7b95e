"""The composition root: build everything from settings. Tests call it with their own."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot.app import Huddlebot
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
    return Runtime(settings=settings, db=db, bot=Huddlebot(db), clock=clock)
