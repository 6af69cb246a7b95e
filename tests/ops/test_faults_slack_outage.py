"""Slack answers 503, then 429 with Retry-After, for a few seconds during the 08:30 fan-out, then
takes some posts but loses the answers, and two channels never let the bot in: delivery resumes
by itself, nothing is posted twice (a post whose answer was lost is found by its key), and the
rows that could not be delivered end `dead` and are reported (to the team lead and the admins)
and listed by `huddlebot outbox`."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from fakes.drained_server import DrainedServer
from fakes.drills.fanout_kill import (
    START,
    apply_config,
    channel,
    had_been_running,
    outbox,
    wait_until,
    write_config,
)
from fakes.drills.undelivered import dead_reported, next_tick
from fakes.slack_api import FakeSlack
from tests.kit.cli import run_cli

TEAMS = 10
LOCKED_OUT = {channel(0), channel(1)}  # the bot was never invited
SEND_TIMEOUT = 2  # seconds (HUDDLEBOT_SEND_TIMEOUT; default 20), so a lost answer shows fast


def test_delivery_resumes_after_errors_and_rate_limits(database_url: str, tmp_path: Path) -> None:
    members = {channel(n) for n in range(TEAMS)} - LOCKED_OUT
    with FakeSlack(members=members) as slack:
        slack.fail("chat.postMessage", status=503, times=TEAMS)  # every first try
        slack.fail("chat.postMessage", status=429, retry_after=1, times=4)
        # then posts that land while their answers never come back in time: each is looked up
        # by the key in its message metadata before any second try
        slack.fail("chat.postMessage", delay=3 * SEND_TIMEOUT, landed=True, times=2)
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-outage-test",
            "SLACK_SIGNING_SECRET": "outage-signing-secret",
            "SLACK_API_URL": slack.url,
            "HUDDLEBOT_SLACK_BUDGET": "50",
            "HUDDLEBOT_SEND_TIMEOUT": str(SEND_TIMEOUT),
        }
        apply_config(env, write_config(tmp_path / "teams.yaml", TEAMS))
        had_been_running(database_url)
        began = time.monotonic()
        with DrainedServer(env, ("--role", "all", "--now", START.isoformat())):

            def settled() -> bool:
                rows = outbox(database_url)
                return len(rows) == TEAMS and all(s in ("sent", "dead") for _, s in rows)

            assert wait_until(settled, 90, every=0.5), Counter(s for _, s in outbox(database_url))
            next_tick(database_url, time.monotonic() - began, slack_bot_token="x")
            assert dead_reported(database_url) == len(LOCKED_OUT)
            assert wait_until(lambda: "U0ADMIN" in {m["channel"] for m in slack.posted()}, 30)
            time.sleep(1.5)  # a second report would come a second after the first
        refused = [c for c in slack.calls_to("chat.postMessage") if c.params.get("channel")]
        looked_up = slack.calls_to("conversations.history")
        per_channel = Counter(m.get("channel", "") for m in slack.posted())
        told = {c: n for c, n in per_channel.items() if c.startswith("U")}  # reports by DM
        del per_channel["U0ADMIN"]
    assert len(refused) > TEAMS, "the faults were never met"
    assert told == {"U0ADMIN": 1}, "the trust admin hears once about the undelivered prompts"
    assert per_channel == Counter({c: 1 for c in members})
    assert looked_up, "no lost answer was ever looked up"
    assert Counter(s for _, s in outbox(database_url)) == {"sent": len(members), "dead": 2}
    listed = run_cli(database_url, "outbox", "--status", "dead", "--json", env=env).stdout
    dead = json.loads(listed)
    rows = dead if isinstance(dead, list) else dead.get("rows", [])
    text_of = json.dumps(rows)
    assert all(c in text_of for c in LOCKED_OUT), listed[:500]
