"""The idea transcripts' day: Wednesday 3 March 2027, 10:00 in London (GMT); the kit's ward
(`tests/kit`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.events import Origin
from tests.kit.fixtures import OpenWard
from tests.kit.ward import WARD, Ward, texts

__all__ = ["ED", "NOW", "WARD", "Ward", "texts", "ward"]

NOW = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
ED = Origin("console", "console", "#ed")


@pytest.fixture
def ward(wards: OpenWard) -> Ward:
    return wards(NOW, "demo")
