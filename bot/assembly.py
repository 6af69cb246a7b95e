"""The whole core put together: the route table of every capability, with its hooks and demo data.

The one module in `bot/` that imports `bot.routes`; the composition root and tests build the bot
through it (or give `Huddlebot` a table of their own).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.app import Huddlebot
from bot.db import Database
from bot.demo_trust import load_demo_trust
from bot.routes import TABLE


def assemble(
    db: Database, platforms: frozenset[str] | None = None, anonymous_key: bytes = b""
) -> Huddlebot:
    """The bot with every capability's routes."""
    return Huddlebot(db, TABLE, platforms, anonymous_key)


def load_demo(session: Session, today: date, now: datetime, *, showcase: bool = False) -> None:
    """The demo trust with 90 days of history, then each capability's demo data (ideas, held
    huddles, visits). `showcase` adds what only the console demo shows (an idea that spread
    between teams); tests that count ideas leave it out."""
    load_demo_trust(session, today, now)
    for extra in (*TABLE.demo_extras, *(TABLE.demo_showcase if showcase else ())):
        extra(session, today, now)
