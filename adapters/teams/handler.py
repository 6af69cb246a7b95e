"""One Teams turn: translate the activity, ask the core, answer in the turn, hand the rest on."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes, Attachment
from botbuilder.schema.teams import (
    FileConsentCardResponse,
    MessagingExtensionAction,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)

from adapters.teams.cards import CARD_TYPE, idea_dialog_card
from adapters.teams.delivery_errors import as_delivery_failed
from adapters.teams.files import DECLINED, FileOffers, accepted
from adapters.teams.invokes import answer_invoke, invoke_refusal
from adapters.teams.platform import TeamsPlatform
from adapters.teams.references import split_thread
from adapters.teams.render import to_activity
from adapters.teams.translate import (
    SPEC_KEY,
    UNREADABLE,
    Unreadable,
    has_sender,
    idea_command,
    to_event,
)
from adapters.turns import Host, Turns
from bot.events import Event, Joined, Origin, Submission
from bot.inbox import SeenOnce
from bot.messages import (
    Address,
    ChartsFile,
    Edit,
    FormErrors,
    Outbound,
    Post,
    Posted,
    Text,
    fallback_text,
)
from bot.ports import DeliveryFailed

log = logging.getLogger("huddlebot.teams")

JOIN_WINDOW = 60.0  # Teams sends installationUpdate and conversationUpdate for one install


def _here(address: Address, origin: Origin) -> bool:
    """Whether a post belongs in the conversation (and thread) the turn came from."""
    return (
        address.platform == "teams"
        and address.conversation == origin.conversation
        and address.thread in (None, origin.thread)
    )


def _for_author_here(item: Outbound, event: Event) -> bool:
    """A reply meant for the sender alone, in the conversation the turn came from."""
    sender = getattr(event, "sender", None)
    return (
        isinstance(item, Post)
        and sender is not None
        and item.to.visible_to == sender.user_id
        and _here(item.to, event.origin)
    )


def recorded_in_place(event: Event, outbound: list[Outbound]) -> list[Outbound]:
    """An accepted card submission: its card becomes the confirmation, so it cannot be sent
    twice and the conversation is not left with a stale form."""
    if not isinstance(event, Submission) or not event.message_id:
        return outbound
    if any(isinstance(item, Post) and isinstance(item.message, FormErrors) for item in outbound):
        return outbound
    for index, item in enumerate(outbound):
        here = isinstance(item, Post) and _here(item.to, event.origin)
        if here and isinstance(item.message, Text) and not item.message.buttons:
            card = Posted("teams", event.origin.conversation, event.message_id)
            return [*outbound[:index], Edit(card, item.message), *outbound[index + 1 :]]
    return outbound


@dataclass
class TeamsTurn:
    """How a Teams turn answers: replies and edits in this conversation go back in the turn."""

    turn_context: TurnContext
    platform: TeamsPlatform
    event: Event
    inbox_id: int | None = None

    def is_here(self, out: Outbound) -> bool:
        if isinstance(out, Edit):
            return out.posted.conversation == self.event.origin.conversation
        if isinstance(out.message, ChartsFile):  # its charts are drawn off the turn, by the outbox
            return False
        return _here(out.to, self.event.origin)

    def failure(self, error: Exception) -> DeliveryFailed | None:
        return as_delivery_failed(error)

    async def undelivered(self, out: Outbound, failed: DeliveryFailed) -> None:
        log.warning("Teams reply not delivered in the turn: %s", failed)

    async def answer(self, post: Post) -> Posted | None:
        spec, values = None, None
        value = self.turn_context.activity.value
        if isinstance(self.event, Submission) and isinstance(value, dict):
            spec, values = value.get(SPEC_KEY), dict(self.event.values)
        activity = await to_activity(post.message, self.platform.png, spec=spec, values=values)
        response = await self.turn_context.send_activity(activity)
        conversation = split_thread(self.turn_context.activity.conversation.id or "")[0]
        return Posted("teams", conversation, response.id if response and response.id else "")

    async def edit(self, edit: Edit) -> None:
        """Update a message in this conversation; if Teams refuses, say it anew instead."""
        activity = await to_activity(edit.message, self.platform.png)
        activity.id = edit.posted.message_id
        try:
            await self.turn_context.update_activity(activity)
        except Exception as error:  # noqa: BLE001 - the words matter more than the place
            log.warning("could not update Teams message %s: %s", edit.posted.message_id, error)
            activity.id = None
            await self.turn_context.send_activity(activity)


class HuddlebotTeamsHandler(TeamsActivityHandler):
    """Runs the core for each activity; replies for this conversation are sent in the turn."""

    def __init__(self, host: Host, platform: TeamsPlatform) -> None:
        self.host = host
        self.platform = platform
        self.turns = Turns(host, name="Teams")
        self._joined: dict[str, float] = {}
        self._seen = SeenOnce(host.engine)

    def now(self) -> datetime:
        return self.host.now()

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.conversation is None or not activity.conversation.id:
            log.warning("Teams activity %s with no conversation: ignored", _id(activity))
            return  # authenticated, but there is nowhere to answer
        needs_sender = activity.type in (ActivityTypes.message, ActivityTypes.invoke)
        if needs_sender and not has_sender(activity):
            log.warning(
                "Teams sent %s activity %s with no sender: ignored", activity.type, _id(activity)
            )
            if activity.type == ActivityTypes.invoke:  # Teams waits for an answer: a 400
                await answer_invoke(turn_context, 400)
            return  # nobody to act for, and nobody to answer
        refusal = invoke_refusal(activity) if activity.type == ActivityTypes.invoke else ""
        if refusal:
            log.warning("Teams activity %s refused: %s", _id(activity), refusal)
            await answer_invoke(turn_context, 400)
            return
        if not await self._first_time(activity):
            log.info("Teams delivered activity %s again: already handled", _id(activity))
            if activity.type == ActivityTypes.invoke:
                await answer_invoke(turn_context, 200)
            return
        if activity.type == ActivityTypes.invoke:
            await super().on_turn(turn_context)
            return
        try:
            event = to_event(activity, self.now())
        except Unreadable as problem:
            log.warning("Teams activity %s refused: %s", _id(activity), problem)
            await turn_context.send_activity(UNREADABLE)
            return
        if event is None or (isinstance(event, Joined) and self._already_joined(event)):
            return
        await self.run(turn_context, event)

    async def _first_time(self, activity: Activity) -> bool:
        """Whether this activity is new (checked after authentication, so no one can block an
        id). If the database cannot say, the turn goes ahead: the core tells the person
        whether their answer was saved."""
        if not activity.id:
            return True
        key = hashlib.sha256(f"{activity.conversation.id}\n{activity.id}".encode()).hexdigest()
        try:
            return await asyncio.to_thread(self._seen.first_time, key, self.now())
        except Exception:  # noqa: BLE001 - a database outage is the core's to report
            log.warning("could not check Teams activity %s against those seen", _id(activity))
            return True

    def _already_joined(self, event: Joined) -> bool:
        now = time.monotonic()
        seen = self._joined.get(event.origin.conversation)
        self._joined = {k: v for k, v in self._joined.items() if now - v < JOIN_WINDOW}
        self._joined[event.origin.conversation] = now
        return seen is not None and now - seen < JOIN_WINDOW

    async def run(self, turn_context: TurnContext, event: Event) -> None:
        self.platform.remember(event.origin.conversation, event.origin.reference)
        turn = TeamsTurn(turn_context, self.platform, event)
        async with self.turns.busy():
            outbound = recorded_in_place(event, await self.turns.ask(event))
            await self.turns.deliver(outbound, turn)

    def _offers(self) -> FileOffers:
        return self.platform.offers or FileOffers(self.host.engine)

    async def on_teams_file_consent_accept(
        self, turn_context: TurnContext, response: FileConsentCardResponse
    ) -> None:
        """The person allowed the file: upload it to the place Teams gave, show its card."""
        conversation = split_thread(turn_context.activity.conversation.id or "")[0]
        await turn_context.send_activity(await accepted(self._offers(), conversation, response))

    async def on_teams_file_consent_decline(
        self, turn_context: TurnContext, response: FileConsentCardResponse
    ) -> None:
        conversation = split_thread(turn_context.activity.conversation.id or "")[0]
        token = response.context.get("offer") if isinstance(response.context, dict) else None
        await asyncio.to_thread(self._offers().drop, str(token or ""), conversation)
        await turn_context.send_activity(Activity(type=ActivityTypes.message, text=DECLINED))

    async def on_teams_messaging_extension_fetch_task(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        dialog = TaskModuleTaskInfo(
            title="Post an idea",
            card=Attachment(content_type=CARD_TYPE, content=idea_dialog_card()),
            height="medium",
            width="medium",
        )
        return MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=dialog))

    async def on_teams_messaging_extension_submit_action(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        try:
            command = idea_command(turn_context.activity, self.now())
        except Unreadable as problem:
            log.warning("Teams activity %s refused: %s", _id(turn_context.activity), problem)
            return MessagingExtensionActionResponse(
                task=TaskModuleMessageResponse(value=UNREADABLE)
            )
        if command is None:
            return MessagingExtensionActionResponse()
        self.platform.remember(command.origin.conversation, command.origin.reference)
        async with self.turns.busy():
            outbound = await self.turns.ask(command)
            mine = [o for o in outbound if _for_author_here(o, command)]
            if mine and len(mine) == len(outbound):  # a refusal: said in the dialog, to them
                said = "\n\n".join(fallback_text(o.message) for o in mine if isinstance(o, Post))
                return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=said))
            await self.turns.deliver(outbound, TeamsTurn(turn_context, self.platform, command))
        return MessagingExtensionActionResponse()


def _id(activity: Activity) -> str:
    """The activity's id for a log line (never its text)."""
    return activity.id[:80] if isinstance(activity.id, str) else "-"
