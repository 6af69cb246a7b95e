"""A short soak (the CI form of `bench/soak_bench.py`): a few teams for two simulated days of
prompts, reminders, answers and the nightly purge; every prompt posted once, none lost, every
day answered has its reading."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.soak_bench import soak


def test_two_days_of_huddles_post_every_prompt_once(tmp_path: Path) -> None:
    result = asyncio.run(soak(teams=8, days=2, answering=0.5, workdir=tmp_path))
    assert result["expected"] == 8 * 2 * 2
    assert result["prompts"] == result["expected"]
    assert result["duplicates"] == 0
    assert result["statuses"] == {"sent": result["expected"]}
    # a second answer on a day is a correction: a new reading only when the value changed
    assert result["answered"] > 0
    assert result["days_answered"] <= result["readings"] <= result["answered"]
