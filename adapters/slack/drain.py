"""The drain: takes up inbox rows whose turn died with its process (a SIGKILL, a crash).

A row the core never stored is handled now, exactly once (the core marks it handled in the same
transaction as its effects); a row stored but not answered gets its stored answer delivered; a
row that failed again and again tells its author it was NOT saved. Replies go through the
request's own response_url where it has one, else to the person in Slack."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from slack_bolt.context.respond.async_respond import AsyncRespond

from adapters.slack import translate
from adapters.slack.inbox import SlackInbox, Stored
from adapters.slack.send import SlackPlatform
from adapters.slack.turn import Reply
from adapters.turns import Turns, sender_id
from bot.events import Event
from bot.messages import Address, Post, Text

log = logging.getLogger("huddlebot.slack")

EVERY = 2.0  # seconds between looks at the inbox
MAX_ATTEMPTS = 3  # takes-up before the author is told it was not saved
NOT_SAVED = (
    "Sorry, something went wrong and your last request was NOT saved. "
    "Please try again in a few minutes."
)


def event_of(stored: Stored) -> Event | None:
    """The core's event for a stored request, at the time it was received."""
    body, at = stored.body, stored.received_at
    if stored.kind == "command":
        return translate.command(body, at)
    if stored.kind == "action":
        return translate.pressed(body, at)
    if stored.kind == "submission":
        return translate.submission(body, at)
    if stored.kind == "event":
        event = body.get("event") or {}
        bots = [a.get("user_id", "") for a in body.get("authorizations") or [] if a.get("is_bot")]
        bot_user = bots[0] if bots else ""
        team = str(body.get("team_id", ""))
        if event.get("type") == "message" and not translate.slash_in_thread(event):
            return translate.said(event, team, bot_user, at)
        if event.get("type") == "member_joined_channel":
            return translate.joined(event, team, bot_user, at)
    return None


def reply_for(platform: SlackPlatform, stored: Stored, event: Event) -> Reply:
    """Where the answer goes: the request's response_url (good for 30 minutes) if it had one."""
    url = stored.body.get("response_url")
    respond = AsyncRespond(response_url=url) if isinstance(url, str) and url else None
    message_id = getattr(event, "message_id", None)
    return Reply(platform, event, "", respond, message_id, inbox_id=stored.id)


class Drain:
    """Looks for abandoned inbox rows every few seconds, in every web process."""

    def __init__(
        self,
        turns: Turns,
        platform: SlackPlatform,
        inbox: SlackInbox,
        now: Callable[[], datetime],
    ) -> None:
        self.turns, self.platform, self.inbox, self.now = turns, platform, inbox, now

    async def once(self) -> int:
        """Keep this process's own rows, then take up what is abandoned; returns how many."""
        await asyncio.to_thread(self.inbox.renew, self.now())
        rows = await asyncio.to_thread(self.inbox.stale, self.now())
        await asyncio.gather(*(self.take_up_safely(stored) for stored in rows))
        return len(rows)

    async def take_up_safely(self, stored: Stored) -> None:
        try:
            await self.take_up(stored)
        except Exception:
            log.exception("could not take up inbox row %s", stored.id)

    async def take_up(self, stored: Stored) -> None:
        event = event_of(stored)
        if event is None:  # nothing the core would act on
            await self.turns.answered(stored.id)
            return
        reply = reply_for(self.platform, stored, event)
        log.info("taking up inbox row %s (%s, try %d)", stored.id, stored.kind, stored.attempts)
        if stored.answer is not None:  # stored by the core; the answer never went out
            async with self.turns.busy():
                await self.turns.deliver(stored.answer, reply)
                await self.turns.answered(stored.id)
        elif stored.attempts > MAX_ATTEMPTS:
            await self.tell_not_saved(reply)
        else:
            await self.turns.run(reply)

    async def tell_not_saved(self, reply: Reply) -> None:
        origin, who = reply.event.origin, sender_id(reply.event)
        to = Address("slack", origin.workspace, origin.conversation, origin.thread, who or None)
        log.error("inbox row %s failed %d times: its author is told", reply.inbox_id, MAX_ATTEMPTS)
        async with self.turns.busy():
            await self.turns.deliver([Post(to, Text(NOT_SAVED))], reply)
            await self.turns.answered(reply.inbox_id)

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set; meanwhile this process's own rows keep their leases."""
        keeper = asyncio.create_task(self.keep_leases(stop))
        try:
            while not stop.is_set():
                try:
                    await self.once()
                except Exception:
                    log.exception("the Slack inbox drain failed; trying again shortly")
                await _pause(stop)
        finally:
            await keeper

    async def keep_leases(self, stop: asyncio.Event) -> None:
        """Renew the leases of the rows this process is answering, even while a take-up runs."""
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.inbox.renew, self.now())
            except Exception:
                log.exception("could not renew this process's inbox leases")
            await _pause(stop)


async def _pause(stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=EVERY)
