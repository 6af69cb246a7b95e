"""The composition root: build everything from settings. Tests call it with their own."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from adapters.turns import Host
from bot import workspaces
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

    def host(self) -> Host:
        """What the adapters are given: the core, this runtime's clock (read at each call, so
        the console's simulated clock moves them too), the outbox and the platforms."""
        from huddlebot.delivery import dispatch

        return Host(
            core=self.bot,
            now=lambda: self.clock.now(),
            outbox=partial(dispatch, self),
            engine=self.db.engine,
            platforms=self.platforms,
            refuse_unnamed=self.refuse_unnamed,
        )

    def refuse_unnamed(self, platform: str, at: datetime) -> bool:
        with self.db.session() as session:
            return workspaces.refuse_unnamed(session, platform, at)


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
        bot=Huddlebot(db, enabled_platforms(settings), settings.anonymous_key.encode()),
        clock=clock,
    )


def enabled_platforms(settings: Settings) -> frozenset[str]:
    """Slack and/or Teams when configured; otherwise the console (the newcomer's demo)."""
    names = {"slack"} if settings.slack_enabled else set()
    if settings.teams_enabled:
        names.add("teams")
    return frozenset(names or {"console"})
