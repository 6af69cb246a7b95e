"""Conversation references as the JSON the core stores, and Teams' `;messageid=` thread ids."""

from __future__ import annotations

import json

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ConversationReference

THREAD_MARK = ";messageid="


def split_thread(conversation_id: str) -> tuple[str, str | None]:
    """`19:abc@thread.tacv2;messageid=123` → (`19:abc@thread.tacv2`, `123`)."""
    base, mark, thread = conversation_id.partition(THREAD_MARK)
    return (base, thread) if mark and thread else (conversation_id, None)


def in_thread(conversation_id: str, thread: str | None) -> str:
    """The conversation id that posts into `thread` of a channel (or the conversation itself)."""
    base, _ = split_thread(conversation_id)
    return f"{base}{THREAD_MARK}{thread}" if thread else base


def reference_json(activity: Activity) -> str:
    """The reference to store for where `activity` happened: the channel, not the thread in it."""
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    if reference.conversation is not None:
        reference.conversation.id = split_thread(reference.conversation.id or "")[0]
    return json.dumps(reference.serialize(), sort_keys=True)


def load_reference(text: str, thread: str | None = None) -> ConversationReference:
    """Rebuild a stored reference, pointed at `thread` when given."""
    reference = ConversationReference().deserialize(json.loads(text))
    if reference.conversation is None or not reference.service_url:
        raise ValueError("a Teams conversation reference needs a conversation and a service URL")
    reference.conversation.id = in_thread(reference.conversation.id or "", thread)
    return reference
