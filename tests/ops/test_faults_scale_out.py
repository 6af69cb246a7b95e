"""Two `--role web` processes, two `--role worker` processes and one `--role scheduler` against
one database: every team's prompt is posted once, and every answer sent to either web process
is stored once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fakes.drained_server import started_together
from fakes.drills.fanout_kill import (
    START,
    apply_config,
    channel,
    had_been_running,
    outbox,
    wait_until,
    write_config,
)
from fakes.slack_api import FakeSlack
from tests.ops.test_faults_database_outage import SIGNING, _answer, _readings

pytestmark = pytest.mark.own_database("five processes write at once and are stopped together")

TEAMS = 10


def test_two_web_and_two_workers_neither_duplicate_nor_lose(
    database_url: str, tmp_path: Path
) -> None:
    with FakeSlack(members={channel(n) for n in range(TEAMS)}) as slack:
        slack.fail("chat.postMessage", delay=0.03, times=None)
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-scale-test",
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_URL": slack.url,
            "HUDDLEBOT_SLACK_BUDGET": "50",
        }
        apply_config(env, write_config(tmp_path / "teams.yaml", TEAMS, members=True))
        had_been_running(database_url)
        now = ("--now", START.isoformat())
        roles = ("web", "web", "worker", "worker", "scheduler")
        with started_together(env, *(("--role", role, *now) for role in roles)) as servers:
            webs = servers[:2]

            def prompted() -> bool:
                rows = outbox(database_url)
                return len(rows) == TEAMS and all(s == "sent" for _, s in rows)

            assert wait_until(prompted, 90, every=0.3), Counter(s for _, s in outbox(database_url))
            told = {n: _answer(webs[n % 2].url, slack, n) for n in range(TEAMS)}
        prompts = Counter(
            c.params.get("channel")
            for c in slack.calls_to("chat.postMessage")
            if "huddle" in str(c.params.get("metadata", "")) or c.params.get("channel")
        )
        per_channel = Counter(m.get("channel", "") for m in slack.posted())
    assert all(per_channel[channel(n)] >= 1 for n in range(TEAMS))
    assert Counter(status for _, status in outbox(database_url)) == {"sent": TEAMS}
    assert Counter(key for key, s in outbox(database_url) if s == "sent") == Counter(
        {key: 1 for key, _ in outbox(database_url)}
    )
    assert all("Recorded" in reply for reply in told.values()), told
    assert _readings(database_url) == {f"team-{n}": 1 for n in range(TEAMS)}
    # each channel: one prompt, then one "Recorded" confirmation
    assert per_channel == Counter({channel(n): 2 for n in range(TEAMS)}), prompts
