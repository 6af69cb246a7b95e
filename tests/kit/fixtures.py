"""The kit's fixtures (registered in `tests/conftest.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from bot.db import Database
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from tests.kit.database import BACKENDS, SharedDatabases, drop_database, new_database
from tests.kit.snapshots import load_trust
from tests.kit.trusts import TRUSTS
from tests.kit.ward import Ward

OpenWard = Callable[..., Ward]


@pytest.fixture(scope="session")
def shared_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedDatabases]:
    made = SharedDatabases(tmp_path_factory.mktemp("shared"))
    yield made
    made.close()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, shared_databases: SharedDatabases
) -> Iterator[str]:
    """The URL of a new, fully migrated, empty database, on each backend under test: the
    worker's shared database, emptied. A test marked `own_database("why")` gets one of its own
    instead (in its `tmp_path` on SQLite), dropped after it; a test that changes the shared
    database's schema fails and the next test gets a new one."""
    mark = request.node.get_closest_marker("own_database")
    if mark is not None:
        if not mark.args:
            pytest.fail('say why the test needs a database of its own: own_database("why")')
        url = new_database(request.param, request.getfixturevalue("tmp_path"))
        yield url
        drop_database(url)
        return
    shared = shared_databases[request.param]
    yield shared.empty()
    if shared.schema_changed():
        shared.rebuild()
        pytest.fail("the test changed the shared database's schema: mark it own_database")


@pytest.fixture
def kit_url(database_url: str) -> str:
    """`database_url` by the name the kit's first users know it."""
    return database_url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def wards(database_url: str) -> Iterator[OpenWard]:
    """`wards(now, trust="small" | "demo")`: that trust on the empty database, spoken to through
    the real composition root on a clock stopped at `now`."""
    opened: list[Runtime] = []

    def open_ward(now: datetime, trust: str = "small") -> Ward:
        clock = FixedClock(now)
        runtime = build(Settings(database_url=database_url), clock=clock, migrate=False)
        opened.append(runtime)
        with runtime.db.session() as session:
            load_trust(session, trust, TRUSTS[trust], now)
        return Ward(runtime, clock, now.date())

    yield open_ward
    for runtime in opened:
        runtime.db.dispose()
