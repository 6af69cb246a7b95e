"""A delivery worker keeps its connections to Slack open while it runs: thirty prompts through
the real slack_sdk client to the fake Web API on loopback go over a few connections, not one
each (each would be a TLS handshake with Slack), and none is left open once it stops."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

from adapters.slack.send import SlackPlatform, web_client
from bot.db import Database
from bot.messages import Address, Post, Text
from fakes.slack_api import FakeSlack
from scheduler import outbox
from scheduler.clock import OffsetClock
from scheduler.deliver import Deliverer
from scheduler.policy import DeliveryPolicy

PROMPTS = 30


def _deliver(db: Database, slack: FakeSlack, platform: SlackPlatform) -> None:
    clock = OffsetClock(datetime(2027, 3, 1, 8, 30))
    with db.session() as s:
        for n in range(PROMPTS):
            to = Address("slack", "T1", f"C{n:03d}")
            post = Post(to, Text("Huddle time"), key="huddle.prompt")
            outbox.enqueue(s, post, key=f"prompt:{n}", now=clock.now())
    # ten a second, one at a time: each post is done before the next starts
    policy = DeliveryPolicy(workspace_rate={"slack": 10.0}, workspace_burst={"slack": 0.1})
    worker = Deliverer(db, {"slack": platform}, clock, policy=policy)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop, idle=0.05))
        deadline = time.monotonic() + 60  # generous: CI machines can be busy
        while len(slack.posted()) < PROMPTS and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stop.set()
        await task

    asyncio.run(run())


def test_a_worker_posts_over_kept_connections_and_closes_them_when_it_stops(
    db: Database,
) -> None:
    channels = {f"C{n:03d}" for n in range(PROMPTS)}
    with FakeSlack(members=channels) as slack:
        platform = SlackPlatform(web_client("xoxb-connections", slack.url))
        _deliver(db, slack, platform)
        assert {m["channel"] for m in slack.posted()} == channels
        assert len(slack.posted()) == PROMPTS  # each once
        assert slack.connections <= PROMPTS // 3, slack.connections
        deadline = time.monotonic() + 10
        while slack.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert slack.open_connections == 0


def test_a_post_outside_a_worker_still_goes_on_its_own_connection(db: Database) -> None:
    """A call made outside a worker (a reply to a web request) does not keep a connection."""
    with FakeSlack(members={"C000"}) as slack:
        platform = SlackPlatform(web_client("xoxb-connections", slack.url))
        post = Post(Address("slack", "T1", "C000"), Text("Saved"), key="")
        asyncio.run(platform.send(post))
        assert [m["channel"] for m in slack.posted()] == ["C000"]
        assert slack.connections == 1
        deadline = time.monotonic() + 10
        while slack.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert slack.open_connections == 0
