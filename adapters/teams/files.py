"""Files in Teams (the board pack). A bot hands a file over only in a personal chat, and only
with the person's consent: a FileConsentCard offers it; when they accept, Teams gives an upload
place in their OneDrive, the bot puts the file there and posts it as a file card. The file waits
in the database between the offer and the answer (any process may receive the answer). In a
channel or a group chat no file can be handed over, so the bot says where to ask for it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams.markdown import escape_message
from bot.file_offers import FileOffers

log = logging.getLogger("huddlebot.teams")

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
NOT_HERE = (
    "I can hand the board pack over as a file only in our personal chat: open a chat with "
    "Huddlebot and type `huddle report` there."
)
GONE = "That file is no longer here (it was sent, declined or is too old): ask for it again."
DECLINED = "All right: I have not sent the file. Ask again whenever you want it."


def consent_activity(filename: str, size: int, description: str, token: str) -> Activity:
    """The card asking to send the file (Teams shows Allow and Decline)."""
    context = {"offer": token}
    card = Attachment(
        content_type=CONSENT,
        name=filename,
        content={"description": description[:1000], "sizeInBytes": size,
                 "acceptContext": context, "declineContext": context},  # fmt: skip
    )
    return Activity(type=ActivityTypes.message, attachments=[card], summary=description[:200])


def not_here_activity(alt: str) -> Activity:
    text = escape_message(f"{alt}\n\n{NOT_HERE}")
    return Activity(type=ActivityTypes.message, text=text, text_format="markdown", attachments=[])


def may_upload_to(url: str) -> bool:
    """An upload place Teams gave: https, or http on this machine (a local emulator)."""
    parts = urlsplit(url or "")
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
    )


async def upload(url: str, content: bytes) -> None:
    """Put the whole file at the upload place (one range: the pack is a few megabytes)."""
    headers = {"Content-Range": f"bytes 0-{len(content) - 1}/{len(content)}"}
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.put(url, data=content, headers=headers) as answer,
    ):
        if answer.status >= 300:
            raise RuntimeError(f"upload refused with {answer.status}")


def file_info_activity(info: Any) -> Activity:
    """The uploaded file, as a file card the person opens in Teams."""
    card = Attachment(
        content_type=FILE_INFO,
        content_url=info.content_url,
        name=info.name,
        content={"uniqueId": info.unique_id, "fileType": info.file_type},
    )
    return Activity(type=ActivityTypes.message, attachments=[card])


async def accepted(offers: FileOffers, conversation: str, response: Any) -> Activity:
    """What to say once the person allowed the file: the file card, or why it did not come."""
    token = (response.context or {}).get("offer") if isinstance(response.context, dict) else None
    offer = await asyncio.to_thread(offers.take, str(token or ""), conversation)
    if offer is None:
        log.info("Teams file consent for an offer that is not here")
        return Activity(type=ActivityTypes.message, text=GONE, attachments=[])
    info = response.upload_info
    if info is None or not may_upload_to(info.upload_url or ""):
        log.warning("Teams file consent without a usable upload place: not uploaded")
        return Activity(type=ActivityTypes.message, text=GONE, attachments=[])
    try:
        await upload(info.upload_url, offer.content)
    except Exception as error:  # noqa: BLE001 - said to the person; the offer is gone
        log.warning("Teams file upload failed: %s", type(error).__name__)
        return Activity(
            type=ActivityTypes.message,
            text="I could not put the file in your OneDrive. Ask for it again in a minute.",
            attachments=[],
        )
    return file_info_activity(info)
