"""Teams' connector answers 503, 502 and 504, hangs past the bot's send timeout, then answers
429 with Retry-After during the 08:30 fan-out, and two channels have removed the bot: delivery
resumes by itself, every other team gets its prompt exactly once, and the two undeliverable
prompts end `dead`, are reported to the trust admin and are listed by `huddlebot outbox`.
The app was added to each ward's team the day before (Teams posted a conversationUpdate from
each channel to a `--role web` process, which stored the channel's conversation reference); the
fan-out runs in a `huddlebot run --role all` process started at 08:30.

Exactly once holds here because every failure happens before Teams accepts the activity (the
hang answers nothing and posts nothing). Teams has no way to look a message up by our key, so a
send Teams accepted whose answer is then lost is sent again: at-least-once, not tested here."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from fakes.drained_server import DrainedServer
from fakes.drills.fanout_kill import START, apply_config, had_been_running, outbox, wait_until
from fakes.drills.teams_install import ADMIN_CHAT, channel, install, write_config
from fakes.drills.undelivered import dead_reported, next_tick
from fakes.teams_connector import FakeConnector
from tests.kit.cli import run_cli

TEAMS = 10
REMOVED = {channel(0): 403, channel(1): 404}  # the bot was taken out of these channels
SEND_TIMEOUT = 4  # seconds (HUDDLEBOT_SEND_TIMEOUT; default 20), so a hung send fails fast


def test_teams_delivery_resumes_after_errors_timeouts_and_rate_limits(
    database_url: str, tmp_path: Path
) -> None:
    reachable = {channel(n) for n in range(TEAMS)} - set(REMOVED)
    with FakeConnector(tenant_rate=50, conversation_rate=7) as teams:
        env = {
            "HUDDLEBOT_DATABASE_URL": database_url,
            "HUDDLEBOT_INSECURE_DEV": "1",
            "HUDDLEBOT_SEND_TIMEOUT": str(SEND_TIMEOUT),
        }
        apply_config(env, write_config(tmp_path / "teams.yaml", TEAMS))
        yesterday = (START - timedelta(days=1)).isoformat()
        with DrainedServer(env, ("--role", "web", "--now", yesterday)) as web:
            install(web.url, teams.url, TEAMS)  # the app added to each ward's team, last week
        before = len(teams.sent())
        for conversation, status in REMOVED.items():
            teams.refuse(conversation, status)
        teams.fail(503, times=2)
        teams.fail(502, times=2)
        teams.fail(504, times=2)
        teams.fail(504, delay=3 * SEND_TIMEOUT, times=2)  # no answer in time, nothing posted
        teams.fail(429, retry_after=1, times=3)
        had_been_running(database_url)
        began = time.monotonic()
        with DrainedServer(env, ("--role", "all", "--now", START.isoformat())):

            def settled() -> bool:
                rows = outbox(database_url)
                return len(rows) == TEAMS and all(s in ("sent", "dead") for _, s in rows)

            assert wait_until(settled, 90, every=0.5), Counter(s for _, s in outbox(database_url))
            next_tick(database_url, time.monotonic() - began, insecure_dev=True)

            def admin_told() -> list[str]:
                later = teams.sent()[before:]
                return [json.dumps(c.body) for c in later if c.conversation == ADMIN_CHAT]

            def all_named() -> bool:
                return all(any(c in r for r in admin_told()) for c in REMOVED)

            assert wait_until(all_named, 30), admin_told()
            time.sleep(1.5)  # a second report would come a second after the first
        fan_out = teams.sent()[before:]
        reports = admin_told()
    assert all(fault.times == 0 for fault in teams.faults), "some faults were never met"
    prompts = Counter(c.conversation for c in fan_out if c.conversation != ADMIN_CHAT)
    assert prompts == Counter({c: 1 for c in reachable}), "each team: one prompt, no more"
    assert Counter(s for _, s in outbox(database_url)) == {"sent": len(reachable), "dead": 2}
    assert dead_reported(database_url) == len(REMOVED)
    assert len(reports) == 1, "the trust admin hears once, of both channels"
    for conversation in REMOVED:
        assert conversation in reports[0], (conversation, reports)
    dead = run_cli(database_url, "outbox", "--status", "dead", "--json", env=env).stdout
    assert all(conversation in dead for conversation in REMOVED), dead[:500]
