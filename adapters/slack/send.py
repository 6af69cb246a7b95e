"""The outbound port for Slack: post, post to one person, update, upload charts and files.

Slack's answers become `DeliveryFailed` kinds the outbox understands: a 429 is `rate_limited`
with Retry-After, a channel the bot cannot use is `permanent`, a 5xx or timeout `transient`."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.charts_file import drawn_file
from adapters.slack import render
from bot.messages import Address, Attachment, Chart, ChartsFile, Edit, Post, Posted
from bot.ports import DeliveryFailed

DEFAULT_API_URL = "https://slack.com/api/"
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "invalid_auth",
        "account_inactive",
        "is_archived",
        "token_revoked",
        "token_expired",
        "not_authed",
        "missing_scope",
        "user_not_found",
        "cant_update_message",
        "message_not_found",
        "invalid_blocks",
        "msg_too_long",
        "restricted_action",
        "team_access_not_granted",
        "ekm_access_denied",
        "no_permission",
        "user_not_in_channel",
        "channel_is_archived",
    }
)
TRANSIENT = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})

RenderPng = Callable[[Any], Awaitable[bytes]]


def web_client(token: str, base_url: str = "", timeout: int = 10) -> AsyncWebClient:
    """The client every Slack call goes through: connection errors and 429s are retried once
    (a 429 after its Retry-After); anything longer is the outbox's job."""
    return AsyncWebClient(
        token=token,
        base_url=base_url or DEFAULT_API_URL,
        timeout=timeout,
        retry_handlers=[AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler()],
    )


def failure(error: Exception) -> DeliveryFailed:
    """What a Slack SDK error means for delivery."""
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        reason = str(error.response.get("error", "")) if error.response.data else ""
        if status == 429 or reason == "ratelimited":
            after = error.response.headers.get("Retry-After") or error.response.headers.get(
                "retry-after"
            )
            return DeliveryFailed("rate_limited", "ratelimited", float(after or 1))
        if status >= 500:
            return DeliveryFailed("transient", f"http_{status}")
        if reason in TRANSIENT:
            return DeliveryFailed("transient", reason)
        return DeliveryFailed("permanent", reason or f"http_{status}")
    if isinstance(error, asyncio.TimeoutError | TimeoutError):
        return DeliveryFailed("transient", "timeout")
    if isinstance(error, aiohttp.ClientError | SlackRequestError | ConnectionError):
        return DeliveryFailed("transient", type(error).__name__)
    return DeliveryFailed("transient", type(error).__name__)


async def default_render(spec: Any) -> bytes:
    """Render in a thread (until the shell passes its render pool's `render_async`)."""
    from bot.spc.drawing.render import render_png  # lazily: matplotlib is heavy

    return await asyncio.to_thread(render_png, spec)


POST_EVENT = "huddlebot_post"  # message metadata that names the post's key


class SlackPlatform:
    """`bot.ports.Platform` for Slack."""

    name = "slack"

    def __init__(self, client: AsyncWebClient, render_png: RenderPng | None = None) -> None:
        self.client = client
        self.render_png = render_png or default_render
        # within a delivery worker's run: a copy of the client whose connections stay open
        self._worker_client: ContextVar[AsyncWebClient | None] = ContextVar(
            f"slack_worker_client_{id(self)}", default=None
        )
        # matplotlib is not thread-safe: rendering in threads goes one at a time (a process
        # pool, the shell's render_async, needs no lock)
        self._render_lock = asyncio.Lock() if render_png is None else None

    @contextlib.asynccontextmanager
    async def connections(self) -> AsyncIterator[None]:
        """Keep connections to Slack open while a delivery worker runs: otherwise slack_sdk
        opens one (TLS handshake and all) for every call. Only the calls the worker makes (its
        task and the tasks it starts) share them, so closing them when it stops can cut off
        no one else's call; a web request's reply goes as before."""
        kept = copy.copy(self.client)
        kept.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        token = self._worker_client.set(kept)
        try:
            yield
        finally:
            self._worker_client.reset(token)
            await kept.session.close()

    @property
    def api(self) -> AsyncWebClient:
        """The client for a call made now: the worker's kept-alive one within a worker."""
        return self._worker_client.get() or self.client

    async def send(self, post: Post) -> Posted:
        try:
            return await self._send(post)
        except DeliveryFailed:
            raise
        except Exception as error:  # every SDK or network error becomes a delivery outcome
            raise failure(error) from error

    async def find(self, post: Post) -> Posted | None:
        """A keyed post an earlier attempt may already have made (its outcome was unknown):
        looked up by the key in the message metadata, so a retry never posts it twice."""
        to = post.to
        files = Chart | Attachment | ChartsFile
        if not post.key or to.visible_to or isinstance(post.message, files):
            return None
        try:
            if to.thread:
                answer = await self.api.conversations_replies(
                    channel=to.conversation, ts=to.thread, limit=200, include_all_metadata=True
                )
            else:
                answer = await self.api.conversations_history(
                    channel=to.conversation, limit=100, include_all_metadata=True
                )
        except Exception:  # cannot tell: the outbox will send again
            return None
        for message in answer.get("messages") or []:
            meta = message.get("metadata") or {}
            if isinstance(meta, str):
                meta = json.loads(meta)
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == POST_EVENT and payload.get("key") == post.key:
                return Posted(self.name, to.conversation, str(message.get("ts", "")))
        return None

    async def edit(self, edit: Edit) -> Posted:
        posted = edit.posted
        try:
            await self.api.chat_update(
                channel=posted.conversation,
                ts=posted.message_id,
                text=render.notification_text(edit.message),
                blocks=render.blocks_for(edit.message),
            )
        except Exception as error:
            raise failure(error) from error
        return posted

    async def _send(self, post: Post) -> Posted:
        to, message = post.to, post.message
        if isinstance(message, ChartsFile):  # the board pack: its charts drawn off the request
            message = await drawn_file(message, self._render)
        if isinstance(message, Chart | Attachment):
            return await self._upload(to, message)
        text, blocks = render.notification_text(message), render.blocks_for(message)
        if to.visible_to:
            answer = await self.api.chat_postEphemeral(
                channel=to.conversation,
                user=to.visible_to,
                text=text,
                blocks=blocks,
                thread_ts=to.thread,
            )
            return Posted(self.name, to.conversation, str(answer.get("message_ts", "")))
        answer = await self.api.chat_postMessage(
            channel=to.conversation,
            text=text,
            blocks=blocks,
            thread_ts=to.thread,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": POST_EVENT, "event_payload": {"key": post.key}}
            if post.key
            else None,
        )
        return Posted(self.name, str(answer.get("channel") or to.conversation), str(answer["ts"]))

    async def _render(self, spec: Any) -> bytes:
        if self._render_lock is None:
            return await self.render_png(spec)
        async with self._render_lock:
            return await self.render_png(spec)

    async def _channel_for_file(self, to: Address) -> str:
        """Files need a channel id: a person (or an ephemeral reply) gets their DM with the bot."""
        person = to.visible_to or (to.conversation if to.conversation[:1] in "UW" else "")
        if not person:
            return to.conversation
        answer = await self.api.conversations_open(users=person)
        return str(answer["channel"]["id"])

    async def _upload(self, to: Address, message: Chart | Attachment) -> Posted:
        if isinstance(message, Chart):
            content = await self._render(message.spec)
            filename, title = "chart.png", message.title or "Chart"
            comment = "\n".join(t for t in (message.title, message.comment) if t)
        else:
            content, filename, title, comment = (
                message.content,
                message.filename,
                message.filename,
                "",
            )
        channel = await self._channel_for_file(to)
        thread = to.thread if channel == to.conversation else None
        answer = await self.api.files_upload_v2(
            channel=channel,
            content=content,
            filename=filename,
            title=title,
            alt_txt=message.alt[:1000],
            initial_comment=render.escape(comment) or None,
            thread_ts=thread,
        )
        files = answer.get("files") or [{}]
        return Posted(self.name, channel, str(files[0].get("id", "")))
