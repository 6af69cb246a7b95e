"""Socket Mode: the real Bolt handler connects to a loopback WebSocket, receives a recorded
slash-command envelope, acknowledges it and answers through the response_url."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import WSMsgType, web

from adapters.slack.app import build_slack_app
from adapters.slack.socket import start_socket_mode, stop_socket_mode
from fakes.slack_api import FakeSlack
from tests.slack.conftest import WARD_7


def envelope(response_url: str) -> dict[str, Any]:
    """As Slack sends `/huddle help` over the socket (recorded shape, ids replaced)."""
    return {
        "envelope_id": "1d3c2b5e-8f4e-4c71-9a8a-0c6a3d0e9b21",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "token": "deprecated",
            "team_id": "T0TRUST",
            "team_domain": "trust",
            "channel_id": WARD_7,
            "channel_name": "ward-7-huddle",
            "user_id": "U0NURSE",
            "user_name": "demo.nurse",
            "command": "/huddle",
            "text": "help",
            "api_app_id": "A0HUDDLE",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1.2.trigger",
        },
    }


async def socket_session(runtime, settings, slack: FakeSlack) -> list[dict]:  # type: ignore[no-untyped-def]
    acks: list[dict] = []
    url = slack.response_url()

    async def socket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        await ws.send_json(envelope(url))
        async for frame in ws:
            if frame.type == WSMsgType.TEXT:
                acks.append(json.loads(frame.data))
        return ws

    web_app = web.Application()
    web_app.router.add_get("/socket", socket)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    slack.socket_url = f"ws://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/socket"  # type: ignore[union-attr]
    app = build_slack_app(runtime.host(), settings)
    handler = await start_socket_mode(app, "xapp-1-A0HUDDLE-test")
    try:
        for _ in range(300):
            if acks and slack.responses_to(url):
                break
            await asyncio.sleep(0.02)
    finally:
        await stop_socket_mode(handler)
        await runner.cleanup()
    return acks + [{"reply": r} for r in slack.responses_to(url)]


def test_socket_mode_acknowledges_the_envelope_and_answers(runtime, slack_api) -> None:  # type: ignore[no-untyped-def]
    from huddlebot.settings import Settings

    settings = Settings(
        database_url=runtime.settings.database_url,
        slack_bot_token="xoxb-test",
        slack_app_token="xapp-1-A0HUDDLE-test",
        slack_api_url=slack_api.url,
    )
    seen = asyncio.run(socket_session(runtime, settings, slack_api))

    acks = [s for s in seen if "envelope_id" in s]
    assert acks and acks[0]["envelope_id"] == "1d3c2b5e-8f4e-4c71-9a8a-0c6a3d0e9b21"
    [reply] = [s["reply"] for s in seen if "reply" in s]
    assert "huddle" in reply["text"].lower()
    [opened] = slack_api.calls_to("apps.connections.open")
    assert opened.token == "xapp-1-A0HUDDLE-test"
