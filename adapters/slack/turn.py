"""How a Slack turn answers (the rest of a turn is `adapters/turns.py`).

Replies to the person who spoke go straight back (ephemeral through the response_url where there
is one, so they work even where the bot is not a member); a form opens as a modal while the
trigger is fresh; posts for any other conversation go to the outbox. Nothing is dropped: a reply
that cannot be posted tells the person why."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack import render, views
from adapters.slack.send import SlackPlatform
from adapters.turns import sender_id
from bot.events import Event, Origin
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

INVITE = (
    "I'm not a member of this channel, so I can't post here. "
    "Invite me with `/invite @Huddlebot` and try again."
)
Respond = Callable[..., Awaitable[Any]]


@dataclass
class Reply:
    """What this turn holds for answering: a trigger for one modal, a response_url."""

    platform: SlackPlatform
    event: Event
    trigger_id: str = ""
    respond: Respond | None = None
    message_id: str | None = None  # the message a button was pressed on
    inbox_id: int | None = None  # the stored request this turn answers

    def take_trigger(self) -> str:
        trigger, self.trigger_id = self.trigger_id, ""
        return trigger

    def is_here(self, out: Outbound) -> bool:
        """Edits go straight to Slack; posts in the conversation the person is in too."""
        if isinstance(out, Edit):
            return True
        to = out.to
        return to.platform == "slack" and to.conversation == self.event.origin.conversation

    async def edit(self, edit: Edit) -> None:
        await self.platform.edit(edit)

    def failure(self, error: Exception) -> DeliveryFailed | None:
        return error if isinstance(error, DeliveryFailed) else None

    async def answer(self, post: Post) -> Posted | None:
        """A reply in the conversation the person is in."""
        message = post.message
        if isinstance(message, Form) and self.trigger_id and await self.open_form(post):
            return None
        quiet = post.to.visible_to and isinstance(message, Text | Form | FormErrors)
        if quiet and self.respond:
            try:  # through the response_url: works even where the bot is not a member
                await self.say(message)
                return None
            except Exception as error:  # an expired response_url: post it ephemerally instead
                log.warning("response_url refused a reply: %s", error)
        posted = await self.platform.send(post)
        return None if post.to.visible_to else posted

    async def say(self, message: Any, in_channel: bool = False) -> None:
        """Through the request's response_url."""
        assert self.respond is not None
        answer = await self.respond(
            text=render.notification_text(message),
            blocks=render.blocks_for(message),
            response_type="in_channel" if in_channel else "ephemeral",
            replace_original=False,
        )
        if getattr(answer, "status_code", 200) >= 300:
            raise RuntimeError(f"response_url answered {answer.status_code}: {answer.body}")

    async def open_form(self, post: Post) -> bool:
        """Open the form as a modal with this turn's trigger; False when Slack refuses."""
        form = post.message
        assert isinstance(form, Form)
        to, origin = post.to, self.event.origin
        where = Origin("slack", to.workspace, to.conversation, to.thread, origin.private)
        try:
            view = views.modal(form, where, self.message_id)
            await self.platform.api.views_open(trigger_id=self.take_trigger(), view=view)
        except (SlackApiError, ValueError) as error:
            log.warning("could not open form %s as a modal: %s", form.form, error)
            return False
        return True

    async def undelivered(self, out: Outbound, failed: DeliveryFailed) -> None:
        """Tell the person when their answer cannot be posted here."""
        who = sender_id(self.event)
        if isinstance(out, Post) and failed.reason in ("not_in_channel", "channel_not_found"):
            text = INVITE
            if isinstance(out.message, Text):
                text += "\n\n" + fallback_text(out.message)
            note = Text(text)
            if self.respond:
                await self.say(note)
            elif who:
                to = Address("slack", out.to.workspace, who)  # their DM with the bot
                await self.platform.send(Post(to, note))
            return
        log.error("Slack refused a reply (%s)", failed.reason)
