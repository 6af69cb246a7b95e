"""The huddle transcripts' day: Monday 1 March 2027, 08:40 (London is on GMT); the kit's ward
(`tests/kit`) and what people see."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.events import Origin
from tests.kit.fixtures import OpenWard
from tests.kit.ward import WARD, Ward, confirmed, private, public, texts

__all__ = ["MEDICINE", "NOW", "SURGERY", "TODAY", "WARD", "Ward"]
__all__ += ["confirmed", "private", "public", "texts", "ward"]

TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 8, 40, tzinfo=UTC)
MEDICINE = Origin("console", "console", "#medicine")
SURGERY = Origin("console", "console", "#surgery")


@pytest.fixture
def ward(wards: OpenWard) -> Ward:
    return wards(NOW, "demo")
