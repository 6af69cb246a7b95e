"""The kit's fixtures (registered in `tests/conftest.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from tests.kit.database import BACKENDS, KitDatabase, new_kit_database
from tests.kit.trusts import TRUSTS
from tests.kit.ward import Ward

OpenWard = Callable[..., Ward]


@pytest.fixture(scope="session", params=BACKENDS)
def kit_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KitDatabase]:
    kit = new_kit_database(request.param, str(tmp_path_factory.mktemp("kit")))
    yield kit
    kit.drop()


@pytest.fixture
def kit_url(kit_database: KitDatabase) -> str:
    """An empty database with the whole schema, on each backend under test."""
    kit_database.empty()
    return kit_database.url


@pytest.fixture
def wards(kit_url: str) -> Iterator[OpenWard]:
    """`wards(now, trust="small" | "demo")`: that trust on the empty database, spoken to through
    the real composition root on a clock stopped at `now`."""
    opened: list[Runtime] = []

    def open_ward(now: datetime, trust: str = "small") -> Ward:
        clock = FixedClock(now)
        runtime = build(Settings(database_url=kit_url), clock=clock, migrate=False)
        opened.append(runtime)
        with runtime.db.session() as session:
            TRUSTS[trust](session, now)
        return Ward(runtime, clock, now.date())

    yield open_ward
    for runtime in opened:
        runtime.db.dispose()
