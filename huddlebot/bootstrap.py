"""The composition root: build everything from settings. Tests call it with their own."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from adapters.turns import Host, Turns
from bot import workspaces
from bot.app import Huddlebot
from bot.assembly import assemble
from bot.db import Database
from bot.ports import Platform
from huddlebot import platforms  # registers every platform's words with the core
from huddlebot.migrate import upgrade
from huddlebot.settings import Settings
from scheduler.clock import Clock, SystemClock

if TYPE_CHECKING:
    from adapters.registration import Serving
    from huddlebot.render_pool import RenderPool
    from scheduler.service import SchedulerService

log = logging.getLogger("huddlebot")


@dataclass(eq=False)  # compared and hashed by identity: one runtime per process
class Runtime:
    """What one process runs: built from settings by `build`; the server fills in the parts
    its role starts."""

    settings: Settings
    db: Database
    bot: Huddlebot
    clock: Clock  # .now() -> aware UTC datetime
    platforms: dict[str, Platform] = field(default_factory=dict)  # outbound, by platform name
    scheduler: SchedulerService | None = None  # this process's scheduler (health, metrics)
    serving: list[Serving] | None = None  # what each enabled platform serves (web processes)
    render_pool: RenderPool | None = None  # chart-drawing worker processes, once needed
    console_loop: asyncio.AbstractEventLoop | None = None  # the console's simulated ticks
    console_turns: Turns | None = None  # the console's turns (their order and drain)

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


def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Runtime:
    db = Database(settings.database_url)
    if migrate:
        upgrade(db)
    from huddlebot.warehouse import SqlWarehouse

    bot = assemble(db, enabled_platforms(settings), settings.anonymous_key.encode())
    bot.warehouse = SqlWarehouse()  # connects only when a measure's pull runs
    return Runtime(settings=settings, db=db, bot=bot, clock=clock or SystemClock())


def enabled_platforms(settings: Settings) -> frozenset[str]:
    """The registered platforms the settings turn on; otherwise the console (the newcomer's
    demo)."""
    names = {registration.words.name for registration in platforms.enabled(settings)}
    return frozenset(names or {"console"})
