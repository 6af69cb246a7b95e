"""Every routed command, typed to the bot in Teams (personal chat, and with a leading slash in
a channel), reaches its route: the answer is never "didn't catch that" nor an apology."""

from __future__ import annotations

import asyncio
import re

from adapters.teams import TeamsSettings
from bot.routes import SUBCOMMANDS
from fakes import teams_activities as act
from fakes.teams_connector import FakeConnector
from tests.teams.conftest import serving

NOT_UNDERSTOOD = ("didn't catch", "something went wrong", "couldn't reach the database")


def typed(command: str, usage: str) -> str:
    """The usage line as someone would type it: optional and placeholder parts left out."""
    text = re.sub(r"\[[^\]]*\]|<[^>]*>|…", " ", usage)
    text = " ".join(text.replace("|", " ").split())
    return text if text.startswith(command) else command


def test_every_command_reaches_its_route(runtime, connector: FakeConnector) -> None:
    commands = sorted({typed(cmd, route.usage) for (cmd, _), route in SUBCOMMANDS.items()})

    async def scenario() -> dict[str, str]:
        answers = {}
        async with serving(runtime, TeamsSettings(insecure_dev=True)) as endpoint:
            for index, text in enumerate(commands):
                where = {"in_channel": True} if index % 2 else {}
                typed_text = f"/{text}" if index % 2 else text
                before = len(connector.sent())
                status, _ = await endpoint.post(act.message(connector.url, typed_text, **where))
                assert status == 201, text
                replies = connector.sent()[before:]
                answers[text] = " ".join(
                    (r.body.get("text") or "") + str(r.body.get("attachments") or "")
                    for r in replies
                )
        return answers

    answers = asyncio.run(scenario())
    assert len(answers) >= 10
    for text, answer in answers.items():
        assert answer, f"no answer to {text!r}"
        assert not any(bad in answer for bad in NOT_UNDERSTOOD), f"{text!r}: {answer[:200]}"
