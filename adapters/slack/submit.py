"""A modal submitted. Slack waits for the ack, and only the ack can put errors beside the
fields, so the core gets a short budget: in time, its verdict is the ack; too slow (a busy
database), or other requests waiting for their acks (a burst), the modal shows "Saving…" at
once and is updated when the core answers."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate, views
from adapters.slack.send import SlackPlatform
from adapters.slack.turn import Reply
from adapters.turns import Turns
from bot.events import Submission
from bot.inbox import AlreadyHandled
from bot.messages import FormErrors, Outbound, Post, Text

log = logging.getLogger("huddlebot.slack")

BUDGET = 0.25  # seconds from arrival the ack may wait for the core's verdict, while no other
# request waits for its own ack; past it, or once one does (a burst), the modal says "Saving…"
SAVED = Text("Saved. Thank you.")
UNREADABLE = Text(
    "Sorry, I couldn't read that form, so nothing was saved. Please open it again and resubmit."
)


def for_submitter(out: Outbound, event: Submission) -> bool:
    """A reply only the person who submitted should see: it belongs in the modal itself."""
    if not isinstance(out, Post):
        return False
    to = out.to
    return (
        to.visible_to == event.sender.user_id
        and to.conversation == event.origin.conversation
        and isinstance(out.message, Text | FormErrors)
    )


async def submitted(
    turns: Turns,
    platform: SlackPlatform,
    now: datetime,
    ack: Any,
    body: dict,
    client: AsyncWebClient,
    inbox_id: int | None = None,
    arrived: float | None = None,
) -> None:
    """Store the form's answer and say so in the modal; `arrived` (time.monotonic() when the
    request came) starts the ack's budget."""
    event = translate.submission(body, now)
    if event is None:  # not our form, or metadata that cannot be read
        log.warning("a modal submission without a readable form of ours")
        await ack(response_action="update", view=views.result_view([UNREADABLE]))
        await turns.answered(inbox_id)
        return
    async with turns.busy():
        budget = BUDGET - (time.monotonic() - arrived) if arrived is not None else BUDGET
        if turns.acks is not None and turns.acks.others():
            budget = 0.0  # a burst: the core's work waits for the acks, so this ack cannot
        if await _answer(turns, platform, event, ack, body, client, inbox_id, budget):
            await turns.answered(inbox_id)


async def _answer(
    turns: Turns,
    platform: SlackPlatform,
    event: Submission,
    ack: Any,
    body: dict,
    client: AsyncWebClient,
    inbox_id: int | None,
    budget: float,
) -> bool:
    """Answer in the modal (or the conversation); False when another turn answered it."""
    waiting = budget > 0  # else it waits for the acks, like any acknowledged work
    asked = asyncio.ensure_future(turns.ask(event, waiting=waiting, inbox_id=inbox_id))
    done = await _in_time(turns, asked, budget)
    if not done:
        await ack(response_action="update", view=views.saving_view(body.get("view") or {}))
    try:
        outs = await asked
    except AlreadyHandled:
        if done:
            await ack()
        return False
    mine = [o for o in outs if for_submitter(o, event)]
    others = [o for o in outs if o not in mine]
    errors = [o.message for o in mine if isinstance(o.message, FormErrors)]
    if done:
        if errors:
            await ack(**views.errors_ack(errors[0], translate.field_keys(body)))
        elif mine:
            await ack(response_action="update", view=views.result_view([o.message for o in mine]))
        else:
            await ack()
    elif not await _update(client, body, errors[0] if errors else None, mine):
        others = mine + others  # the modal is gone: say it in the conversation instead
    await turns.deliver(others, Reply(platform, event))
    return True


async def _in_time(turns: Turns, asked: asyncio.Future[Any], budget: float) -> bool:
    """Whether the core answered within the budget, and before another request came to wait
    for its own acknowledgement."""
    if budget <= 0:
        return asked.done()
    crowd = asyncio.ensure_future(turns.acks.crowded()) if turns.acks else None
    racing = {asked} if crowd is None else {asked, crowd}
    await asyncio.wait(racing, timeout=budget, return_when=asyncio.FIRST_COMPLETED)
    if crowd is not None:
        crowd.cancel()
    return asked.done()


async def _update(
    client: AsyncWebClient, body: dict, errors: FormErrors | None, mine: list[Outbound]
) -> bool:
    """Replace the "Saving…" modal with the errors or the result; False if Slack refuses."""
    view = body.get("view") or {}
    if errors is not None:
        shown = views.reopened(view, errors)
    else:
        shown = views.result_view([o.message for o in mine if isinstance(o, Post)] or [SAVED])
    try:
        await client.views_update(view_id=view.get("id", ""), view=shown)
    except Exception as error:
        log.warning("could not update the modal after a slow save: %s", error)
        return False
    return True
