"""The Bolt app: verify, acknowledge within Slack's 3 seconds, then let the core work.

`build_slack_app(host, settings)` gives the AsyncApp (HTTP or Socket Mode);
`slack_routes(...)` gives the aiohttp route for `/slack/events` on the shared server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.acks import AckFirst, answer_quickly
from adapters.group_commit import GroupCommit
from adapters.slack import render, translate, views
from adapters.slack.drain import Drain
from adapters.slack.inbox import SlackInbox
from adapters.slack.intake import StoreThenAck, bolt_logger, intake
from adapters.slack.manifest import EVENTS_PATH
from adapters.slack.send import RenderPng, SlackPlatform, web_client
from adapters.slack.submit import submitted
from adapters.slack.turn import Reply
from adapters.slack.verify import parsed, signed_by_slack, unsigned_reason
from adapters.turns import Host, Turns

log = logging.getLogger("huddlebot.slack")
Now = Callable[[], datetime]
_TURNS: weakref.WeakKeyDictionary[AsyncApp, Turns] = weakref.WeakKeyDictionary()
_DRAINS: weakref.WeakKeyDictionary[AsyncApp, Drain] = weakref.WeakKeyDictionary()
_EARLY: weakref.WeakKeyDictionary[AsyncApp, StoreThenAck] = weakref.WeakKeyDictionary()
__all__ = ["build_slack_app", "finish_work", "signed_by_slack", "slack_routes"]

IN_A_THREAD = (
    "Slash commands can't run inside a thread in Slack. "
    "Use it in the channel itself (outside the thread), or just type it here without the slash."
)


def make_platform(settings: Any, render_png: RenderPng | None = None) -> SlackPlatform:
    """The outbound port for processes that only send (the scheduler's outbox)."""
    return SlackPlatform(web_client(settings.slack_bot_token, settings.slack_api_url), render_png)


def build_slack_app(
    host: Host,
    settings: Any,
    *,
    client: AsyncWebClient | None = None,
    render_png: RenderPng | None = None,
    core: Any = None,
) -> AsyncApp:
    """The Bolt app wired to the host's core (or e.g. a `ProcessCore` under load). Refuses
    HTTP mode without a signing secret."""
    socket_mode = bool(settings.slack_app_token)
    if not settings.slack_signing_secret and not socket_mode:
        raise ValueError(
            "SLACK_SIGNING_SECRET is missing: Huddlebot will not accept unverified Slack "
            "requests. Set it (or SLACK_APP_TOKEN to use Socket Mode)."
        )
    client = client or web_client(settings.slack_bot_token, settings.slack_api_url)
    platform = SlackPlatform(client, render_png)
    host.platforms.setdefault("slack", platform)
    inbox = SlackInbox(host.engine)
    if core is not None:
        host = replace(host, core=core)
    turns = Turns(host, inbox, name="Slack", acks=AckFirst())
    app = AsyncApp(
        name="huddlebot",
        logger=bolt_logger(),
        token=settings.slack_bot_token,
        signing_secret=settings.slack_signing_secret or None,
        client=client,
        process_before_response=False,  # a long-running server: ack first, work after
        request_verification_enabled=bool(settings.slack_signing_secret) or not socket_mode,
    )
    writer = GroupCommit(inbox, "slack-inbox")
    app.middleware(intake(writer, host.now))
    _EARLY[app] = StoreThenAck(app, writer, inbox, host.now)
    _listen(app, turns, platform, host.now)
    _TURNS[app] = turns
    _DRAINS[app] = Drain(turns, platform, inbox, host.now)
    return app


async def drain_inbox(app: AsyncApp, stop: asyncio.Event) -> None:
    """Take up requests whose turn died with an earlier process, until `stop` is set."""
    drain = _DRAINS.get(app)
    if drain is not None:
        await drain.run(stop)


async def finish_work(app: AsyncApp, timeout: float = 20.0) -> bool:
    """At shutdown, after the server stops accepting requests: let every acknowledged request
    finish (its reply sent, its data stored). False if some work was still running."""
    early, turns = _EARLY.get(app), _TURNS.get(app)
    if early is not None:  # Bolt's part of what was acknowledged as soon as it was stored
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(early.finish(), timeout)
    return await turns.finish(timeout) if turns else True


def _listen(app: AsyncApp, turns: Turns, platform: SlackPlatform, now: Now) -> None:
    """Each listener answers its inbox row (`context["inbox_id"]`), or marks it done."""

    @app.command(translate.re_any_command())
    async def on_command(ack: Any, body: dict, respond: Any, context: AsyncBoltContext) -> None:
        await ack()
        event = translate.command(body, now())
        inbox_id = context.get("inbox_id")
        trigger = body.get("trigger_id", "")
        await turns.run(Reply(platform, event, trigger, respond, inbox_id=inbox_id))

    @app.action(translate.re_any_action())
    async def on_action(ack: Any, body: dict, respond: Any, context: AsyncBoltContext) -> None:
        await ack()
        event = translate.pressed(body, now())
        inbox_id = context.get("inbox_id")
        if event is None:
            await turns.answered(inbox_id)
            return
        trigger = body.get("trigger_id", "")
        await turns.run(Reply(platform, event, trigger, respond, event.message_id, inbox_id))

    @app.view_submission(views.FORM_CALLBACK)
    async def on_submission(
        ack: Any, body: dict, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await submitted(
            turns,
            platform,
            now(),
            ack,
            body,
            client,
            context.get("inbox_id"),
            context.get("arrived"),
        )

    @app.event("message")
    async def on_message(event: dict, body: dict, context: AsyncBoltContext) -> None:
        inbox_id = context.get("inbox_id")
        if translate.is_person_message(event) and translate.slash_in_thread(event):
            await context.client.chat_postEphemeral(
                channel=event["channel"],
                user=event["user"],
                thread_ts=event.get("thread_ts"),
                text=render.escape(IN_A_THREAD),
            )
            await turns.answered(inbox_id)
            return
        said = translate.said(event, body.get("team_id", ""), context.bot_user_id or "", now())
        if said is None:
            await turns.answered(inbox_id)
            return
        await turns.run(Reply(platform, said, inbox_id=inbox_id))

    @app.event("member_joined_channel")
    async def on_joined(event: dict, body: dict, context: AsyncBoltContext) -> None:
        inbox_id = context.get("inbox_id")
        if event.get("user") != context.bot_user_id:
            await turns.answered(inbox_id)
            return
        name = await _channel_name(context.client, event.get("channel", ""))
        joined = translate.joined(
            event, body.get("team_id", ""), context.bot_user_id or "", now(), name
        )
        if joined is None:
            await turns.answered(inbox_id)
            return
        await turns.run(Reply(platform, joined, inbox_id=inbox_id))


async def _channel_name(client: Any, channel: str) -> str:
    try:
        answer = await client.conversations_info(channel=channel)
        return str(answer["channel"].get("name", ""))
    except Exception:  # a name is only for the welcome text
        return ""


def slack_routes(
    host: Host | None, settings: Any, *, app: AsyncApp | None = None, **options: Any
) -> list[web.RouteDef]:
    """`POST /slack/events` for events, slash commands and interactivity (on the shared
    aiohttp server); builds the Bolt app unless one is given."""
    if app is None:
        assert host is not None, "a host to build the Bolt app for"
        app = build_slack_app(host, settings, **options)

    secret = (settings.slack_signing_secret or "").encode()
    answer_quickly()

    acks = _TURNS[app].acks if app in _TURNS else None

    async def slack_events(request: web.Request) -> web.Response:
        if acks is None:
            return await acknowledge(request)
        with acks.pending():
            return await acknowledge(request)

    async def acknowledge(request: web.Request) -> web.Response:
        arrived = time.monotonic()
        raw = await request.read()
        unsigned = unsigned_reason(
            secret,
            raw,
            request.headers.get("X-Slack-Request-Timestamp", ""),
            request.headers.get("X-Slack-Signature", ""),
        )
        if unsigned:  # by reason and size only: the body, its text and response_url stay out
            log.warning("refused an unsigned Slack request (%d bytes): %s", len(raw), unsigned)
            return web.json_response({"error": "invalid request"}, status=401)
        bolt_request, problem = await parsed(request)
        if bolt_request is None:  # Bolt would raise on these and the server would answer 500
            log.warning("refused a signed Slack request (%d bytes): %s", len(raw), problem)
            return web.json_response({"error": "bad request"}, status=400)
        bolt_request.context["arrived"] = arrived
        early = _EARLY.get(app)
        try:
            answer = await early.stored(bolt_request) if early else None
            answer = answer or await app.async_dispatch(bolt_request)
        except Exception:  # e.g. Slack unreachable for auth.test: Slack will retry an event
            log.exception("could not handle a Slack request")
            return web.json_response({"error": "try again shortly"}, status=503)
        return await to_aiohttp_response(answer)

    return [web.post(EVENTS_PATH, slack_events)]
