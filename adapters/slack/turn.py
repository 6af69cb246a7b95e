"""One inbound turn: ask the core, then deliver what it returned.

Replies to the person who spoke go straight back (ephemeral through the response_url where there
is one, so they work even where the bot is not a member); a form opens as a modal while the
trigger is fresh; posts for any other conversation are handed to the shell's dispatch (the
outbox). Nothing is dropped: a reply that cannot be posted tells the person why."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError

from adapters.slack import render, views
from adapters.slack.order import InTurn
from adapters.slack.send import SlackPlatform
from bot.events import Event, Joined, Origin
from bot.inbox import AlreadyHandled
from bot.messages import (
    Address,
    Edit,
    Form,
    FormErrors,
    Outbound,
    Post,
    Posted,
    Text,
    fallback_text,
)
from bot.ports import DeliveryFailed

log = logging.getLogger("huddlebot.slack")

NOT_SAVED = "Sorry, something went wrong and that was NOT saved. Please try again in a few minutes."
INVITE = (
    "I'm not a member of this channel, so I can't post here. "
    "Invite me with `/invite @Huddlebot` and try again."
)
CORE_CALLS = 2  # core calls at once, for acked work and again for work Slack is waiting on
Respond = Callable[..., Awaitable[Any]]
Dispatch = Callable[[Post], Awaitable[None]]


class Inbox(Protocol):
    def finish(self, inbox_id: int) -> None: ...


class Core(Protocol):
    def handle(self, event: Event, inbox_id: int | None = None) -> list[Outbound]: ...

    def delivered(self, post: Post, posted: Posted, at: datetime) -> None: ...


@dataclass
class Reply:
    """What this turn holds for answering: a trigger for one modal, a response_url."""

    event: Event
    trigger_id: str = ""
    respond: Respond | None = None
    message_id: str | None = None  # the message a button was pressed on
    inbox_id: int | None = None  # the stored request this turn answers

    def take_trigger(self) -> str:
        trigger, self.trigger_id = self.trigger_id, ""
        return trigger


def sender_id(event: Event) -> str:
    sender = event.by if isinstance(event, Joined) else event.sender
    return sender.user_id if sender else ""


class Turns:
    """Runs turns for one Slack app: the core, the outbound port and the shell's dispatch."""

    def __init__(
        self, core: Core, platform: SlackPlatform, dispatch: Dispatch, inbox: Inbox | None = None
    ) -> None:
        self.core = core
        self.inbox = inbox
        self.platform = platform
        self.dispatch = dispatch
        # One GIL: more core calls at once only starve the loop that sends acks. A submission
        # holds its HTTP request open until the core answers, so it gets its own places.
        self._acked = asyncio.Semaphore(CORE_CALLS)
        self._waiting = asyncio.Semaphore(CORE_CALLS)
        self._in_turn = InTurn()
        self._under_way = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def ask(
        self, event: Event, waiting: bool = False, inbox_id: int | None = None
    ) -> list[Outbound]:
        """The core's answer; if the core itself fails, a reply saying nothing was saved.
        `waiting`: Slack is waiting for this answer (a modal submission). Raises AlreadyHandled
        when another turn stored this inbox row first (that turn answers)."""
        place = f"{event.origin.workspace}:{event.origin.conversation}"
        try:
            async with self._in_turn.of(place), self._waiting if waiting else self._acked:
                return await asyncio.to_thread(self.core.handle, event, inbox_id)
        except AlreadyHandled:
            raise
        except Exception:
            log.exception("core failed on %s", type(event).__name__)
            origin, who = event.origin, sender_id(event)
            to = Address(
                "slack",
                origin.workspace,
                origin.conversation,
                origin.thread,
                None if origin.private else who or None,
            )
            return [Post(to, Text(NOT_SAVED))]

    async def run(self, reply: Reply) -> None:
        async with self.busy():
            try:
                outs = await self.ask(reply.event, inbox_id=reply.inbox_id)
            except AlreadyHandled:
                log.info("inbox row %s was answered by another turn", reply.inbox_id)
                return
            await self.deliver(outs, reply)
            await self.answered(reply.inbox_id)

    async def answered(self, inbox_id: int | None) -> None:
        """The author has their answer: the inbox row is done (if not, the drain delivers the
        stored answer again, or handles the request if the core never stored it)."""
        if inbox_id is None or self.inbox is None:
            return
        try:
            await asyncio.to_thread(self.inbox.finish, inbox_id)
        except Exception:
            log.exception("could not mark inbox row %s answered", inbox_id)

    @contextlib.asynccontextmanager
    async def busy(self) -> AsyncIterator[None]:
        """Count work under way, so a shutdown can finish what was already acknowledged."""
        self._under_way += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._under_way -= 1
            if not self._under_way:
                self._idle.set()

    async def finish(self, timeout: float) -> bool:
        """Wait until no acknowledged work is left; False if some is still running."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.error("%d Slack turns still under way at shutdown", self._under_way)
            return False
        return True

    async def deliver(self, outs: list[Outbound], reply: Reply) -> None:
        for out in outs:
            try:
                if isinstance(out, Edit):
                    await self.platform.edit(out)
                elif self.is_here(out, reply.event):
                    await self.answer(out, reply)
                else:
                    await self.dispatch(out)
            except Exception:  # one failed post must not stop the others
                log.exception("could not deliver a %s", type(out).__name__)

    @staticmethod
    def is_here(post: Post, event: Event) -> bool:
        to = post.to
        return to.platform == "slack" and to.conversation == event.origin.conversation

    async def answer(self, post: Post, reply: Reply) -> None:
        """A reply in the conversation the person is in."""
        message = post.message
        if isinstance(message, Form) and reply.trigger_id and await self.open_form(post, reply):
            return
        quiet = post.to.visible_to and isinstance(message, Text | Form | FormErrors)
        if quiet and reply.respond:
            try:  # through the response_url: works even where the bot is not a member
                await self.respond(reply, message)
                return
            except Exception as error:  # an expired response_url: post it ephemerally instead
                log.warning("response_url refused a reply: %s", error)
        try:
            posted = await self.platform.send(post)
        except DeliveryFailed as failed:
            await self.undelivered(post, reply, failed)
            return
        if not post.to.visible_to:
            await asyncio.to_thread(self.core.delivered, post, posted, reply.event.at)

    async def respond(self, reply: Reply, message: Any, in_channel: bool = False) -> None:
        assert reply.respond is not None
        answer = await reply.respond(
            text=render.notification_text(message),
            blocks=render.blocks_for(message),
            response_type="in_channel" if in_channel else "ephemeral",
            replace_original=False,
        )
        if getattr(answer, "status_code", 200) >= 300:
            raise RuntimeError(f"response_url answered {answer.status_code}: {answer.body}")

    async def open_form(self, post: Post, reply: Reply) -> bool:
        """Open the form as a modal with this turn's trigger; False when Slack refuses."""
        form = post.message
        assert isinstance(form, Form)
        to, origin = post.to, reply.event.origin
        where = Origin("slack", to.workspace, to.conversation, to.thread, origin.private)
        try:
            view = views.modal(form, where, reply.message_id)
            await self.platform.client.views_open(trigger_id=reply.take_trigger(), view=view)
        except (SlackApiError, ValueError) as error:
            log.warning("could not open form %s as a modal: %s", form.form, error)
            return False
        return True

    async def undelivered(self, post: Post, reply: Reply, failed: DeliveryFailed) -> None:
        """Tell the person when their answer cannot be posted; let the outbox retry the rest."""
        if failed.kind != "permanent":
            await self.dispatch(post)
            return
        who = sender_id(reply.event)
        if failed.reason in ("not_in_channel", "channel_not_found"):
            text = INVITE
            if isinstance(post.message, Text):
                text += "\n\n" + fallback_text(post.message)
            note = Text(text)
            if reply.respond:
                await self.respond(reply, note)
            elif who:
                to = Address("slack", post.to.workspace, who)  # their DM with the bot
                await self.platform.send(Post(to, note))
            return
        log.error("Slack refused a reply (%s): %s", failed.reason, post.to)
