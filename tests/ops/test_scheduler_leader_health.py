"""Two `huddlebot run --role scheduler` processes on one database: health and metrics name the
real leader, and when the leader is killed the standby takes over within a tick."""

from __future__ import annotations

import json
import time
import urllib.request
from contextlib import ExitStack
from datetime import UTC, date, datetime

import pytest

from bot.assembly import load_demo
from bot.db import Database
from fakes.drained_server import DrainedServer

pytestmark = pytest.mark.own_database("the leading scheduler process is killed")

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TICK = 1


def _leading(server: DrainedServer) -> bool:
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as answer:
        return bool(json.load(answer)["scheduler"]["leader"])


def _metric(server: DrainedServer, name: str) -> float:
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=5) as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith(f"{name} "):
                return float(line.split()[1])
    raise AssertionError(f"{name} missing from /metrics")


def _wait_for(check, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_health_and_metrics_follow_the_leader_when_it_is_killed(database_url: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        load_demo(session, date(2027, 3, 1), NOW)
    db.dispose()
    env = {
        "HUDDLEBOT_DATABASE_URL": database_url,
        "HUDDLEBOT_TICK_SECONDS": str(TICK),
        # A deployment (not the console): Slack is configured, though a scheduler never sends.
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "test-secret",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    args = ("--role", "scheduler", "--now", "2027-03-01T08:00")
    with ExitStack() as stack:
        servers = [stack.enter_context(DrainedServer(env, args)) for _ in range(2)]
        assert _wait_for(lambda: sum(map(_leading, servers)) == 1, 10), "no single leader"
        leader = next(s for s in servers if _leading(s))
        standby = next(s for s in servers if s is not leader)
        assert _metric(leader, "huddlebot_scheduler_leader") == 1
        assert _metric(standby, "huddlebot_scheduler_leader") == 0
        assert _wait_for(
            lambda: _metric(standby, "huddlebot_scheduler_oldest_unenqueued_seconds") == 0, 10
        ), "the leader's ticks should keep every due occurrence enqueued"

        leader.kill()
        assert _wait_for(lambda: _leading(standby), 5 * TICK + 3), "standby never took over"
        assert _metric(standby, "huddlebot_scheduler_leader") == 1
