"""The Bolt app: verify, acknowledge within Slack's 3 seconds, then let the core work.

`build_slack_app(runtime, settings)` gives the AsyncApp (HTTP or Socket Mode);
`slack_routes(...)` gives the aiohttp route for `/slack/events` on the shared server."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
import weakref
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import render, translate, views
from adapters.slack.dedupe import SeenEvents
from adapters.slack.manifest import EVENTS_PATH
from adapters.slack.send import RenderPng, SlackPlatform, web_client
from adapters.slack.submit import submitted
from adapters.slack.turn import Dispatch, Reply, Turns
from bot.messages import Post

log = logging.getLogger("huddlebot.slack")
_TURNS: weakref.WeakKeyDictionary[AsyncApp, Turns] = weakref.WeakKeyDictionary()

IN_A_THREAD = (
    "Slash commands can't run inside a thread in Slack. "
    "Use it in the channel itself (outside the thread), or just type it here without the slash."
)


def make_platform(settings: Any, render_png: RenderPng | None = None) -> SlackPlatform:
    """The outbound port for processes that only send (the scheduler's outbox)."""
    return SlackPlatform(web_client(settings.slack_bot_token, settings.slack_api_url), render_png)


def outbox_dispatch(runtime: Any) -> Dispatch:
    """Posts for other conversations (a division channel, a person's DM) go to the outbox, so
    they survive a restart and meet the rate limits; the scheduler's workers send them."""
    from huddlebot.delivery import dispatch as enqueue  # the shell's, passed in by default

    async def dispatch(post: Post) -> None:
        await asyncio.to_thread(enqueue, runtime, [post], runtime.clock.now())

    return dispatch


def build_slack_app(
    runtime: Any,
    settings: Any,
    *,
    dispatch: Dispatch | None = None,
    client: AsyncWebClient | None = None,
    render_png: RenderPng | None = None,
    core: Any = None,
) -> AsyncApp:
    """The Bolt app wired to the core (`runtime.bot`, or e.g. a `ProcessCore` under load).
    Refuses HTTP mode without a signing secret."""
    socket_mode = bool(settings.slack_app_token)
    if not settings.slack_signing_secret and not socket_mode:
        raise ValueError(
            "SLACK_SIGNING_SECRET is missing: Huddlebot will not accept unverified Slack "
            "requests. Set it (or SLACK_APP_TOKEN to use Socket Mode)."
        )
    client = client or web_client(settings.slack_bot_token, settings.slack_api_url)
    platform = SlackPlatform(client, render_png)
    runtime.platforms.setdefault("slack", platform)
    turns = Turns(core or runtime.bot, platform, dispatch or outbox_dispatch(runtime))
    app = AsyncApp(
        name="huddlebot",
        token=settings.slack_bot_token,
        signing_secret=settings.slack_signing_secret or None,
        client=client,
        process_before_response=False,  # a long-running server: ack first, work after
        request_verification_enabled=bool(settings.slack_signing_secret) or not socket_mode,
    )
    seen = SeenEvents(runtime.db.engine)
    _listen(app, turns, seen, runtime.clock)
    _TURNS[app] = turns
    return app


async def finish_work(app: AsyncApp, timeout: float = 20.0) -> bool:
    """At shutdown, after the server stops accepting requests: let every acknowledged request
    finish (its reply sent, its data stored). False if some work was still running."""
    turns = _TURNS.get(app)
    return await turns.finish(timeout) if turns else True


def _listen(app: AsyncApp, turns: Turns, seen: SeenEvents, clock: Any) -> None:
    @app.middleware
    async def once_per_event(body: dict, resp: BoltResponse, next: Any) -> BoltResponse:
        """Recognise a retried event by its event_id; if we cannot record it, Slack retries."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            try:
                first = await asyncio.to_thread(seen.first_time, event_id, clock.now())
            except Exception:
                log.exception("cannot record Slack event %s: asking Slack to retry", event_id)
                return BoltResponse(status=503, body="")
            if not first:
                return BoltResponse(status=200, body="")
        await next()
        return resp

    @app.command(translate.re_any_command())
    async def on_command(ack: Any, body: dict, respond: Any) -> None:
        await ack()
        event = translate.command(body, clock.now())
        await turns.run(Reply(event, body.get("trigger_id", ""), respond))

    @app.action(translate.re_any_action())
    async def on_action(ack: Any, body: dict, respond: Any) -> None:
        await ack()
        event = translate.pressed(body, clock.now())
        if event is not None:
            reply = Reply(event, body.get("trigger_id", ""), respond, event.message_id)
            await turns.run(reply)

    @app.view_submission(views.FORM_CALLBACK)
    async def on_submission(ack: Any, body: dict, client: AsyncWebClient) -> None:
        await submitted(turns, clock.now(), ack, body, client)

    @app.event("message")
    async def on_message(event: dict, body: dict, context: AsyncBoltContext) -> None:
        if translate.is_person_message(event) and translate.slash_in_thread(event):
            await context.client.chat_postEphemeral(
                channel=event["channel"],
                user=event["user"],
                thread_ts=event.get("thread_ts"),
                text=render.escape(IN_A_THREAD),
            )
            return
        said = translate.said(
            event, body.get("team_id", ""), context.bot_user_id or "", clock.now()
        )
        if said is not None:
            await turns.run(Reply(said))

    @app.event("member_joined_channel")
    async def on_joined(event: dict, body: dict, context: AsyncBoltContext) -> None:
        if event.get("user") != context.bot_user_id:
            return
        name = await _channel_name(context.client, event.get("channel", ""))
        joined = translate.joined(
            event, body.get("team_id", ""), context.bot_user_id or "", clock.now(), name
        )
        if joined is not None:
            await turns.run(Reply(joined))


async def _channel_name(client: Any, channel: str) -> str:
    try:
        answer = await client.conversations_info(channel=channel)
        return str(answer["channel"].get("name", ""))
    except Exception:  # a name is only for the welcome text
        return ""


def signed_by_slack(secret: bytes, raw: bytes, timestamp: str, signature: str) -> bool:
    """Slack's v0 signature over the raw bytes (which need not be text) and its 5-minute window."""
    if not secret or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return False
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256)
    return hmac.compare_digest("v0=" + digest.hexdigest(), signature)


def malformed(raw: bytes, content_type: str) -> str:
    """Why a body cannot be a Slack request ("" when it may be one)."""
    if content_type not in ("application/x-www-form-urlencoded", "application/json"):
        return f"content type {content_type or 'missing'}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if content_type == "application/json":
        return _not_an_object(text)
    payload = parse_qs(text).get("payload")  # interactivity: the JSON rides in a form field
    return _not_an_object(payload[0]) if payload else ""


def _not_an_object(text: str) -> str:
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested beyond reason
        return "malformed JSON"
    return "" if isinstance(parsed, dict) else "JSON that is not an object"


def slack_routes(
    runtime: Any, settings: Any, *, app: AsyncApp | None = None, **options: Any
) -> list[web.RouteDef]:
    """`POST /slack/events` for events, slash commands and interactivity (on the shared
    aiohttp server); builds the Bolt app unless one is given."""
    app = app or build_slack_app(runtime, settings, **options)

    secret = (settings.slack_signing_secret or "").encode()

    async def slack_events(request: web.Request) -> web.Response:
        raw = await request.read()
        problem = malformed(raw, request.content_type)
        if problem:  # Bolt would raise on these and the server would answer 500
            signed = signed_by_slack(
                secret,
                raw,
                request.headers.get("X-Slack-Request-Timestamp", ""),
                request.headers.get("X-Slack-Signature", ""),
            )
            log.warning("refused a %s Slack request: %s", "signed" if signed else "forged", problem)
            return web.json_response({"error": "bad request"}, status=400 if signed else 401)
        try:
            answer = await app.async_dispatch(await to_bolt_request(request))
        except Exception:  # e.g. Slack unreachable for auth.test: Slack will retry an event
            log.exception("could not handle a Slack request")
            return web.json_response({"error": "try again shortly"}, status=503)
        return await to_aiohttp_response(answer)

    return [web.post(EVENTS_PATH, slack_events)]
