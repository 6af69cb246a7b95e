"""The outbound port for Teams: proactive sends and edits through `continue_conversation`."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationReference

from adapters.charts_file import drawn_file
from adapters.teams.delivery_errors import as_delivery_failed
from adapters.teams.files import consent_activity, not_here_activity
from adapters.teams.references import load_reference, split_thread
from adapters.teams.render import PngRenderer, to_activity
from adapters.teams.service_urls import ServiceUrls
from bot.file_offers import FileOffers
from bot.messages import ChartsFile, Edit, Post, Posted
from bot.ports import DeliveryFailed

log = logging.getLogger("huddlebot.teams")


_ONE_CHART_AT_A_TIME = threading.Lock()  # matplotlib is not thread-safe


async def render_png_in_thread(spec: Any) -> bytes:
    """Without the shell's render pool: the core's renderer, off the event loop, one at a time."""
    from bot.spc.drawing.render import render_png

    def render() -> bytes:
        with _ONE_CHART_AT_A_TIME:
            return render_png(spec)

    return await asyncio.to_thread(render)


class TeamsPlatform:
    """Sends the core's posts to stored Teams conversation references."""

    name = "teams"

    def __init__(
        self,
        adapter: CloudAdapter,
        app_id: str,
        png: PngRenderer | None = None,
        service_urls: ServiceUrls | None = None,
        offers: FileOffers | None = None,
    ) -> None:
        self.adapter = adapter
        self.offers = offers  # where files wait for consent; None: files cannot be offered
        self.app_id = app_id
        self.png: PngRenderer = png or render_png_in_thread
        self.service_urls = service_urls or ServiceUrls(authenticated=bool(app_id))
        self._references: dict[str, str] = {}  # conversation id → last reference seen, for edits

    def keep_files(self, engine: Any) -> None:
        """Offer files (the board pack) in personal chats, keeping them in this database until
        the person answers the consent card."""
        if self.offers is None:
            self.offers = FileOffers(engine)

    def remember(self, conversation: str, reference: str) -> None:
        if reference:
            self._references[conversation] = reference

    def _bot_app_id(self, reference: ConversationReference) -> str:
        # With authentication off any non-empty id will do; with it on it must be ours.
        return self.app_id or (reference.bot.id if reference.bot else "") or "huddlebot"

    async def _run(
        self, reference: ConversationReference, activity: Activity, edit_id: str = ""
    ) -> str:
        if not self.service_urls.may_send_to(reference.service_url):
            log.warning("Teams send refused: the conversation's service URL is not allowed")
            raise DeliveryFailed("permanent", "service_url_not_allowed")
        sent: dict[str, str] = {}
        failed: list[BaseException] = []

        async def turn(context: TurnContext) -> None:
            # Caught here, or the adapter's turn-error handler would swallow it.
            try:
                if edit_id:
                    activity.id = edit_id
                    response = await context.update_activity(activity)
                    sent["id"] = (response.id if response and response.id else "") or edit_id
                else:
                    response = await context.send_activity(activity)
                    sent["id"] = response.id if response and response.id else ""
            except Exception as error:  # noqa: BLE001 - classified below for the outbox
                failed.append(error)

        try:
            await self.adapter.continue_conversation(
                reference, turn, bot_app_id=self._bot_app_id(reference)
            )
        except Exception as error:  # noqa: BLE001 - every failure is classified for the outbox
            failed.append(error)
        if failed:
            raise as_delivery_failed(failed[0]) from failed[0]
        return sent.get("id", "")

    async def send(self, post: Post) -> Posted:
        if not post.to.reference:
            raise DeliveryFailed("permanent", "no_conversation_reference")
        try:
            reference = load_reference(post.to.reference, post.to.thread)
        except ValueError as error:
            raise DeliveryFailed("permanent", "bad_conversation_reference") from error
        if isinstance(post.message, ChartsFile):
            activity = await self._offer(reference, post.message)
        else:
            activity = await to_activity(post.message, self.png)
        message_id = await self._run(reference, activity)
        conversation = split_thread(reference.conversation.id or "")[0]
        self.remember(conversation, post.to.reference)
        return Posted(platform="teams", conversation=conversation, message_id=message_id)

    async def _offer(self, reference: ConversationReference, message: ChartsFile) -> Activity:
        """A file in a personal chat: its charts drawn, then offered with a consent card."""
        personal = (reference.conversation.conversation_type or "") == "personal"
        if not personal or self.offers is None:
            return not_here_activity(message.alt)
        file = await drawn_file(message, self.png)
        conversation = split_thread(reference.conversation.id or "")[0]
        token = await asyncio.to_thread(
            self.offers.put, conversation, file.filename, file.content, datetime.now(UTC)
        )
        return consent_activity(file.filename, len(file.content), message.alt, token)

    def _reference_for(self, conversation: str) -> ConversationReference:
        """The stored reference, or (for a conversation seen by another process) any reference
        of this tenant pointed at it: a tenant's conversations share one service URL."""
        stored = self._references.get(conversation, "")
        if stored:
            return load_reference(stored)
        if not self._references:
            raise DeliveryFailed("permanent", "no_conversation_reference")
        reference = load_reference(next(reversed(self._references.values())))
        reference.conversation.id = conversation
        reference.conversation.conversation_type = None
        return reference

    async def edit(self, edit: Edit) -> Posted:
        reference = self._reference_for(edit.posted.conversation)
        activity = await to_activity(edit.message, self.png)
        await self._run(reference, activity, edit_id=edit.posted.message_id)
        return edit.posted
