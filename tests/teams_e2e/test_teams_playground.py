"""End to end in a real Teams client emulator: `huddlebot run` on loopback, the Microsoft 365
Agents Playground (npm) started by the test and driven through its headless API.

A ward's morning: the app is installed into the ward's team, the lead links the channel and
posts an idea with an @mention, the huddle prompt arrives by itself at 08:30 (simulated time),
the lead opens the huddle card, submits one impossible value, sees the error, fixes it, and
asks for a run chart, which arrives as an image.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.teams_e2e import playground as pg  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason="Node.js and npm are needed to run the Microsoft 365 Agents Playground",
    ),
]

# Monday, half a minute before ward 7's 08:30 huddle (London is on UTC in March): time enough
# to start both servers (side by side), install and link the channel before the prompt is due,
# even on a slow machine. The scheduler looks every few seconds (HUDDLEBOT_TICK_SECONDS), so
# the prompt comes soon after 08:30 rather than at the next half-minute tick.
START = "2027-03-01T08:29:30"
PROMPT_DUE_AFTER = 30.0  # seconds of wall time until the simulated 08:30
TICK_SECONDS = 3
STARTUP = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Huddlebot (`huddlebot run --now …`, demo trust, fresh SQLite) and the playground."""
    binary = pg.install()
    work = tmp_path_factory.mktemp("teams-e2e")
    bot_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "SLACK_"))}
    env.update(
        HUDDLEBOT_INSECURE_DEV="1",
        HUDDLEBOT_PORT=str(bot_port),
        HUDDLEBOT_HOST="127.0.0.1",
        HUDDLEBOT_DATABASE_URL=f"sqlite:///{work / 'huddlebot.db'}",
        HUDDLEBOT_TICK_SECONDS=str(TICK_SECONDS),
    )
    bot_log = (work / "huddlebot.log").open("w")
    bot = subprocess.Popen(
        [sys.executable, "-m", "huddlebot.cli", "run", "--now", START],
        cwd=ROOT,
        env=env,
        stdout=bot_log,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    playground = None
    try:
        bot_url = f"http://127.0.0.1:{bot_port}/api/messages"
        log_file = work / "playground.log"
        playground, port = pg.start(binary, bot_url, free_port(), log_file)  # while the bot starts
        wait_until_up(bot_url, bot, STARTUP)
        yield {"port": port, "started": started, "log": log_file, "bot_log": work / "huddlebot.log"}
    finally:
        if playground is not None:
            stop(playground)
        stop(bot)
        bot_log.close()


def _png_sent(log_file: Path, since: int) -> bytes:
    """The PNG of the last inline image the bot sent (the stream strips it; the log keeps it)."""
    text = log_file.read_text(errors="replace")[since:]
    marker = "data:image/png;base64,"
    at = text.rfind(marker)
    assert at >= 0, "no inline PNG went to the playground"
    end = at + len(marker)
    while end < len(text) and (text[end].isalnum() or text[end] in "+/="):
        end += 1
    return base64.b64decode(text[at + len(marker) : end])


def test_a_ward_morning_in_teams(servers: dict[str, Any]) -> None:
    asyncio.run(asyncio.wait_for(_morning(servers), timeout=240))


async def _morning(servers: dict[str, Any]) -> None:
    async with aiohttp.ClientSession() as session:
        client = pg.Playground(session, servers["port"])
        await client.connect()
        try:
            await _steps(client, servers)
        finally:
            await client.close()


async def _steps(client: pg.Playground, servers: dict[str, Any]) -> None:
    def in_team(message: dict[str, Any]) -> bool:
        return message["conversation"].startswith(pg.TEAM)

    # 1. Installed into the ward's team: the bot says hello in the channel.
    await client.install_in_team()
    welcome = await client.wait_for(lambda m: in_team(m) and "huddle link" in pg.text_of(m), 15)
    assert welcome["action"] == "createMessage"

    # 2. The lead links the channel to ward 7 (typed with an @mention).
    mark = len(client.seen)
    await client.say("huddle link ward-7")
    await client.wait_for(lambda m: "Ward 7's huddle channel" in pg.text_of(m), 15, mark)

    # 3. An idea posted with an @mention is answered in the channel.
    mark = len(client.seen)
    await client.say("idea Put a red tray on beds of patients at risk of falls")
    idea = await client.wait_for(lambda m: "red tray" in pg.text_of(m), 15, mark)
    assert in_team(idea) and "Idea #" in pg.text_of(idea)

    linked_after = time.monotonic() - servers["started"]
    assert linked_after < PROMPT_DUE_AFTER, f"linked only after {linked_after:.0f} s: too late"

    # 4. At 08:30 (simulated) the huddle prompt arrives by itself, as a card.
    prompt = await client.wait_for(
        lambda m: in_team(m) and "Ward 7 huddle" in pg.text_of(m) and bool(pg.cards(m)), 90
    )
    assert time.monotonic() - servers["started"] >= PROMPT_DUE_AFTER - 1, "prompt came early"
    assert prompt["conversation"] == pg.TEAM  # a new post in the channel, not a reply

    # 5. The lead opens the huddle card from the prompt.
    mark = len(client.seen)
    prompt["conversation"] = f"{pg.TEAM};messageid={prompt['messageId']}"  # its thread
    await client.press(prompt, "Record")
    form = await client.wait_for(
        lambda m: any(any(i.get("id") == "staffing" for i in c["body"]) for c in pg.cards(m)),
        15,
        mark,
    )
    card = pg.cards(form)[0]
    assert card["version"] == "1.5"
    staffing = next(i for i in card["body"] if i.get("id") == "staffing")
    assert staffing["type"] == "Input.Number" and staffing["max"] == 100

    # 6. One impossible value: the card comes back with the error beside the field.
    mark = len(client.seen)
    submit = card["actions"][0]["title"]
    await client.press(form, submit, falls="1", staffing="250")
    errors = await client.wait_for(
        lambda m: any(i.get("color") == "Attention" for c in pg.cards(m) for i in c["body"]),
        15,
        mark,
    )
    red = " ".join(
        i["text"] for c in pg.cards(errors) for i in c["body"] if i.get("color") == "Attention"
    )
    assert "100" in red, red

    # 7. Fixed, it is recorded: the card itself becomes the confirmation.
    mark = len(client.seen)
    await client.press(errors, submit, falls="1", staffing="93")
    recorded = await client.wait_for(lambda m: "Recorded" in pg.text_of(m), 15, mark)
    assert recorded["action"] == "updateMessage" and recorded["messageId"] == errors["messageId"]

    # 8. A run chart arrives as an inline PNG image, its alt text as the message text.
    mark, log_size = len(client.seen), servers["log"].stat().st_size
    await client.say("huddle chart falls")
    chart = await client.wait_for(
        lambda m: any(a.get("contentType") == "image/png" for a in m.get("attachments") or []),
        30,
        mark,
    )
    # The playground shows the text and the image of one activity as two messages.
    alt = await client.wait_for(lambda m: "Falls" in pg.text_of(m), 5, mark)
    assert alt["conversation"] == chart["conversation"]
    png = _png_sent(servers["log"], log_size)
    assert png.startswith(b"\x89PNG") and len(png) > 2000
