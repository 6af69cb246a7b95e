"""The web process is killed with SIGKILL while signed Slack commands arrive, and started again:
every command that got a 200 is stored exactly once or its author is told it was NOT saved, and
a byte-identical replay is stored once."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes.drills.inbound_kill import kill_and_restart_inbound

pytestmark = pytest.mark.own_database("the web process is killed mid-write")


def test_killed_while_acknowledging_nothing_acknowledged_is_lost_or_doubled(
    database_url: str, tmp_path: Path
) -> None:
    result = kill_and_restart_inbound(
        database_url,
        tmp_path,
        rate=30.0,
        before_kill=1.5,
        after_restart=1.0,
        teams=6,
        latency=1.0,  # each channel post takes a second: turns are surely under way at the kill
    )
    assert result.acked_before_kill > 0 and result.refused > 0, result  # the kill came mid-load
    assert result.taken_up > 0, result  # turns were under way at the kill: the drain ran
    assert result.server_errors == 0
    assert result.lost == []
    assert result.duplicated == {}
    assert result.stored + result.told_not_saved == result.acked
    assert result.unannounced == []
