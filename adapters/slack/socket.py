"""Socket Mode: Slack's events over an outbound WebSocket, for hospital networks that cannot
expose a public URL. The same Bolt app and listeners as HTTP mode; Slack signs nothing here
(the app-level token authenticates the socket), so Bolt skips signature checks."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp


async def start_socket_mode(app: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """Connect (apps.connections.open through the app's client, so SLACK_API_URL applies)."""
    if not app_token.startswith("xapp-"):
        raise ValueError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    handler = AsyncSocketModeHandler(app, app_token, web_client=app.client)
    await handler.connect_async()
    return handler


async def stop_socket_mode(handler: AsyncSocketModeHandler) -> None:
    await handler.close_async()
