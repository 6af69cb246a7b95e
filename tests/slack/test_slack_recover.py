"""A send whose outcome was unknown is looked up before it is tried again: never posted twice."""

from __future__ import annotations

import asyncio

from adapters.slack.send import SlackPlatform, web_client
from bot.messages import Address, Post, Text
from fakes.slack_api import FakeSlack


def test_a_keyed_post_is_found_by_its_metadata_and_an_unsent_one_is_not() -> None:
    async def run(slack: FakeSlack) -> tuple:
        platform = SlackPlatform(web_client("xoxb-test", slack.url))
        prompt = Post(
            Address("slack", "T1", "C0WARD7"),
            Text("Huddle time"),
            key="huddle.prompt:ward-7:2027-03-01:08:30",
        )
        posted = await platform.send(prompt)
        in_thread = Post(
            Address("slack", "T1", "C0WARD7", thread=posted.message_id),
            Text("Recorded"),
            key="huddle.confirm:1",
        )
        reply = await platform.send(in_thread)
        other = Post(prompt.to, Text("Huddle time"), key="huddle.prompt:ward-7:2027-03-02:08:30")
        return (
            posted,
            await platform.find(prompt),
            reply,
            await platform.find(in_thread),
            await platform.find(other),
        )

    with FakeSlack(members={"C0WARD7"}, per_channel_per_second=None) as slack:
        posted, found, reply, found_reply, missing = asyncio.run(run(slack))
    assert found == posted
    assert found_reply == reply
    assert missing is None
