"""Every table, imported so that `Base.metadata` is complete (Alembic compares against it).

Each capability keeps its tables in its own module here and adds them with its own migration.
"""

import bot.stores.tables.charts  # noqa: F401
import bot.stores.tables.feeds  # noqa: F401
import bot.stores.tables.huddle  # noqa: F401
import bot.stores.tables.ideas  # noqa: F401
import bot.stores.tables.inbound  # noqa: F401
import bot.stores.tables.schedule  # noqa: F401
import bot.stores.tables.visits  # noqa: F401
from bot.stores.tables import core  # noqa: F401
from bot.stores.tables.base import Base, metadata

__all__ = ["Base", "metadata"]
