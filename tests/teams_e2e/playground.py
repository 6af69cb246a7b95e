"""The Microsoft 365 Agents Playground (npm), installed, started and driven headlessly.

Its REST and WebSocket API is undocumented (read from its bundle, see the platform notes):
    POST /_debug/conversation/{team}/installation          install the app into a team
    POST /_conversation/v1/conversations/{id}/messages      a person types a message
    POST /_conversation/v1/submit                           a person presses Action.Submit
    POST /_conversation/v1/invoke                           message-extension invokes
    WS   /_ws_conversation/v1/conversations/stream          what the bot posts and updates
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

PACKAGE = "@microsoft/m365agentsplayground@0.2.28"
HERE = Path(__file__).resolve().parent
HOME = HERE / ".playground"  # gitignored
BOT_ID = "28:huddlebot-e2e"
TEAM = "19:ward7-e2e@thread.tacv2"
LEAD = "29:lead"  # the demo trust's team lead of ward 7

# The playground wants five users besides the current one; these are the demo trust's people.
USERS = [
    ("29:nurse", "Demo Nurse"),
    ("29:director", "Demo Director"),
    ("29:chair", "Demo Chair"),
    ("29:admin", "Demo Admin"),
    ("29:visitor", "Pat Visitor"),
]


def install(timeout: float = 240) -> Path:
    """npm-install the playground into tests/teams_e2e/.playground (once); its binary."""
    binary = HOME / "node_modules" / ".bin" / "agentsplayground"
    if binary.exists():
        return binary
    HOME.mkdir(exist_ok=True)
    (HOME / "package.json").write_text('{"name": "huddlebot-e2e", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", PACKAGE],
        cwd=HOME,
        check=True,
        timeout=timeout,
        capture_output=True,
    )
    return binary


def _person(uid: str, name: str, n: int) -> str:
    first, last = name.split(" ", 1)
    return (
        f'  id: "{uid}"\n  name: {name}\n  userPrincipleName: {last.lower()}@example.nhs.uk\n'
        f"  aadObjectId: 00000000-0000-4000-8000-{n:012d}\n  givenName: {first}\n"
        f"  surname: {last}\n  email: {last.lower()}@example.nhs.uk\n"
    )


def config_yaml() -> str:
    """The playground's tenant: the demo lead types, the demo people are members of ward 7."""
    users = "".join(
        "  -" + _person(uid, name, n)[1:].replace("\n  ", "\n    ")
        for n, (uid, name) in enumerate(USERS, start=2)
    )
    return (
        'version: "0.1.1"\ntenantId: 00000000-0000-4000-8000-000000000001\n'
        f'bot:\n  id: "{BOT_ID}"\n  name: Huddlebot\n'
        f"currentUser:\n{_person(LEAD, 'Demo Lead', 1)}users:\n{users}"
        "personalChat:\n  id: personal-chat-lead\n"
        "groupChat:\n  id: group-chat-ward-7\n  name: Ward 7 chat\n"
        f'team:\n  id: "{TEAM}"\n  name: Ward 7\n'
        "  aadGroupId: 00000000-0000-4000-8000-000000000031\n"
        "  channels:\n    - id: channel-announcements-id\n      name: Announcements\n"
    )


def start(binary: Path, bot_url: str, port: int, log_file: Path) -> tuple[subprocess.Popen, int]:
    """Start the playground on `port`; returns the process and the port it really listens on."""
    config = HOME / ".m365agentsplayground.yml"
    config.write_text(config_yaml())
    env = {
        **os.environ,
        "TEAMSAPPTESTER_BROWSER": "none",
        "M365_AGENTS_PLAYGROUND_LOGFILE": str(log_file),
        "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config),
    }
    process = subprocess.Popen(
        [
            str(binary),
            "-e",
            bot_url,
            "-c",
            "msteams",
            "-p",
            str(port),
            "--disable-telemetry",
            "--service-url",
            f"http://127.0.0.1:{port}/_connector",
        ],
        cwd=HOME,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise RuntimeError(f"the playground exited with {process.returncode}")
        found = re.search(r"Listening on (\d+)", line)
        if found:
            # Keep reading its output, so a full pipe never stalls it.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, int(found.group(1))  # it falls back to a random port if busy
    process.kill()
    raise TimeoutError("the playground did not start within 30 s")


class Playground:
    """A person in the playground's Teams client, and what the bot shows them."""

    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        self.session, self.base = session, f"http://127.0.0.1:{port}"
        self.seen: list[dict[str, Any]] = []  # createMessage / updateMessage events, in order
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self._ws = await self.session.ws_connect(
            self.base.replace("http", "ws") + "/_ws_conversation/v1/conversations/stream"
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        async for frame in self._ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                self.seen.append(json.loads(frame.data))

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.session.post(self.base + path, json=body) as response:
            text = await response.text()
            assert response.status == 200, f"{path}: {response.status} {text}"
            return json.loads(text) if text else {}

    async def install_in_team(self) -> None:
        await self._post(f"/_debug/conversation/{TEAM}/installation", {})

    async def say(self, text: str, conversation: str = TEAM, mention: bool = True) -> str:
        """Type `text` (with an @mention of the bot in a channel); the new message's id."""
        body: dict[str, Any] = {"from": {"id": LEAD}, "text": text, "textFormat": "plain"}
        if mention:
            body["text"] = f"<at>Huddlebot</at> {text}"
            body["mentions"] = [{"mentioned": {"id": BOT_ID}, "text": "<at>Huddlebot</at>"}]
        answer = await self._post(f"/_conversation/v1/conversations/{conversation}/messages", body)
        return str(answer.get("messageId", ""))

    async def press(self, message: dict[str, Any], title: str, **inputs: str) -> None:
        """Press the card's Action.Submit called `title`, with `inputs` typed into the card."""
        card = cards(message)[0]
        data = next(a["data"] for a in card["actions"] if a["title"] == title)
        await self._post(
            "/_conversation/v1/submit",
            {
                "conversation": {"id": message["conversation"]},
                "from": {"id": LEAD},
                "replyToId": message["messageId"],
                "value": {**data, **inputs},
            },
        )

    async def wait_for(
        self, what: Callable[[dict[str, Any]], bool], timeout: float, after: int = 0
    ) -> dict[str, Any]:
        """The first message (after the first `after` seen) that `what` accepts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.seen[after:]:
                message = {
                    **event.get("message", {}),
                    "action": event.get("action"),
                    "conversation": event.get("actionConversationId", ""),
                }
                if what(message):
                    return message
            await asyncio.sleep(0.1)
        shown = [(e.get("action"), text_of(e.get("message", {}))[:80]) for e in self.seen[after:]]
        raise AssertionError(f"not seen within {timeout} s; the bot showed: {shown}")


def cards(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a["content"]
        for a in message.get("attachments") or []
        if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
    ]


def text_of(message: dict[str, Any]) -> str:
    """Everything readable in a message: its text and its cards' text blocks."""
    parts = [message.get("text") or ""]
    for card in cards(message):
        parts += [item.get("text", "") for item in card.get("body", [])]
    return " ".join(parts).replace("\\", "")
