"""The scheduler process is killed with SIGKILL in the middle of the 08:30 fan-out and started
again: every team's channel gets its prompt, and the outbox holds one `sent` row per prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes.drills.fanout_kill import kill_and_restart

pytestmark = pytest.mark.own_database("the scheduler is killed mid fan-out")

TEAMS = 40


def test_killed_mid_fan_out_every_prompt_is_delivered_once(
    database_url: str, tmp_path: Path
) -> None:
    # a budget of 10 a second spreads the 40 prompts over three seconds, so the kill lands
    # in the middle of the fan-out however quickly the fake answers
    result = kill_and_restart(
        database_url, tmp_path, teams=TEAMS, kill_after=TEAMS // 3, budget=10.0
    )
    assert result.posted_before_kill < TEAMS, "the kill came after the fan-out had finished"
    assert result.missing == []
    assert result.statuses == {"sent": TEAMS}
    assert result.sent_rows_per_key == {1: TEAMS}
    # Slack has no idempotency key: only a post in flight at the kill may show twice
    assert len(result.duplicated) <= result.in_flight_at_kill, result.duplicated
