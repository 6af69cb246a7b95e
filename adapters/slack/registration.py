"""Slack as the composition root registers it (light: Bolt loads only when serving)."""

from __future__ import annotations

import asyncio
from typing import Any

from adapters.registration import Registration, RenderPng, Serving
from adapters.turns import Host
from bot.platforms import PlatformWords

WORDS = PlatformWords(
    name="slack",
    label="Slack",
    workspace_key="slack_workspace",
    # trust-wide channels of its own: adopted ideas celebrated, the monthly learning digest
    trust_channels=(("wins_channel", "wins"), ("learning_channel", "learning")),
    messages_by_person_id=True,  # a user id opens their DM with the bot
    demo_ids=(
        ("Demo Nurse", "U0NURSE"),
        ("Demo Lead", "U0LEAD"),
        ("Demo Director", "U0DIR"),
        ("Demo Chair", "U0CHAIR"),
        ("Demo Admin", "U0ADMIN"),
        ("Demo ED Lead", "U0EDLEAD"),
        ("Demo Improver", "U0QI"),
    ),
)


def enabled(settings: Any) -> bool:
    return bool(settings.slack_bot_token)


def sender(settings: Any, render_png: RenderPng | None) -> Any:
    from adapters.slack.app import make_platform

    return make_platform(settings, render_png)


def serve(host: Host, settings: Any, render_png: RenderPng | None) -> Serving:
    """HTTP mode (`/slack/events` on the shared server) or Socket Mode, and in both the drain
    that takes up requests acknowledged by a process that died."""
    from adapters.slack.app import build_slack_app, drain_inbox, finish_work, slack_routes

    socket_mode = bool(settings.slack_app_token)
    app = build_slack_app(host, settings, render_png=None if socket_mode else render_png)
    tasks: list[asyncio.Task[None]] = []
    handler: list[Any] = []

    async def start(stop: asyncio.Event) -> None:
        if socket_mode:
            from adapters.slack.socket import start_socket_mode

            handler.append(await start_socket_mode(app, settings.slack_app_token))
        tasks.append(asyncio.create_task(drain_inbox(app, stop)))

    async def stop() -> None:
        for task in tasks:
            await task
        if handler:
            from adapters.slack.socket import stop_socket_mode

            await stop_socket_mode(handler[0])

    async def finish() -> bool:
        return await finish_work(app)

    routes = [] if socket_mode else slack_routes(None, settings, app=app)
    return Serving(routes=routes, start=start, stop=stop, finish=finish)


REGISTRATION = Registration(WORDS, enabled, sender, serve)
