"""Teams activities → the core's events. Pure functions of the activity and the time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from botbuilder.schema import Activity, ActivityTypes

from adapters.teams.auth import activity_tenant
from adapters.teams.references import reference_json, split_thread
from bot.events import Command, Event, Joined, Origin, Pressed, Said, Sender, Submission

# Keys the adapter puts in Action.Submit data; everything else in `activity.value` is an input.
FORM_KEY = "huddlebot_form"
CONTEXT_KEY = "huddlebot_context"
ACTION_KEY = "huddlebot_action"
VALUE_KEY = "huddlebot_value"
SPEC_KEY = "huddlebot_spec"
IDEA_COMMAND = "postIdea"  # the message extension's command id in the manifest
IDEA_FIELD = "idea"

UNREADABLE = (
    "Sorry, one of that form's answers wasn't plain text or a number, so nothing was saved. "
    "Please fill the form in again."
)

_AT_TAG = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_AT_NAME = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)


class Unreadable(ValueError):
    """An activity whose inputs are not the plain values a card or an extension sends."""

    log_safe = True  # its message names a type, never a value


def _plain(value: Any) -> str:
    """A string field of the activity, or "" when it is missing or of another type."""
    return value if isinstance(value, str) else ""


def has_sender(activity: Activity) -> bool:
    """Whether the activity says who sent it (a message or an invoke needs that)."""
    person = activity.from_property
    return person is not None and bool(_plain(getattr(person, "id", None)))


def sender_of(activity: Activity) -> Sender:
    person = activity.from_property
    aad = _plain(getattr(person, "aad_object_id", None))
    return Sender(
        platform="teams",
        user_id=_plain(getattr(person, "id", None)),
        display_name=_plain(getattr(person, "name", None)),
        alt_ids=(aad,) if aad else (),
    )


def _personal(kind: str | None, conversation_id: str) -> bool:
    """A one-to-one chat with the bot. Without a type, channels and group chats (`19:` ids)
    are never taken for one: an anonymous answer there would be seen by everyone."""
    if kind:
        return kind == "personal"
    return not conversation_id.startswith("19:")


def origin_of(activity: Activity) -> Origin:
    conversation = activity.conversation
    base, thread = split_thread(conversation.id or "")
    if thread is not None and thread == activity.id:
        thread = None  # a new post in a channel: Teams names the thread after the post itself
    return Origin(
        platform="teams",
        workspace=activity_tenant(activity),
        conversation=base,
        thread=thread,
        private=_personal(conversation.conversation_type, base),
        reference=reference_json(activity),
    )


def _bot_mentions(activity: Activity) -> list[dict[str, Any]]:
    """The mention entities that name this bot."""
    bot_id = _plain(getattr(activity.recipient, "id", None))
    entities = activity.entities if isinstance(activity.entities, list) else []
    found = []
    for entity in entities:
        props = getattr(entity, "additional_properties", None)
        props = props if isinstance(props, dict) else {}
        mentioned = props.get("mentioned")
        named = mentioned.get("id") if isinstance(mentioned, dict) else None
        if (
            _plain(getattr(entity, "type", None)).lower() == "mention"
            and bot_id
            and named == bot_id
        ):
            found.append(props)
    return found


def mentions_bot(activity: Activity) -> bool:
    return bool(_bot_mentions(activity))


def text_without_bot_mention(activity: Activity) -> str:
    """The typed text, minus the `<at>Bot</at>` that addressed the bot (other mentions kept)."""
    text = _plain(activity.text)
    for mention in _bot_mentions(activity):
        tag = _plain(mention.get("text"))
        if tag and tag in text:
            text = text.replace(tag, " ")
        elif text.lstrip().lower().startswith("<at"):  # a mention entity without its text
            text = _AT_TAG.sub(" ", text, count=1)
    text = _AT_NAME.sub(lambda m: "@" + m.group(1).strip(), text)  # other people, as plain text
    return " ".join(text.replace("&nbsp;", " ").split())


def _as_text(value: Any) -> str:
    """Card inputs as the strings the core validates (real Teams may send numbers); an object
    or a list is no card input, and is refused rather than stored as its Python form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    raise Unreadable(f"a card input of type {type(value).__name__}")


def _inputs(value: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(key): _as_text(item)
        for key, item in value.items()
        if not str(key).startswith("huddlebot_")
    }


def _message_event(activity: Activity, at: datetime) -> Event | None:
    value = activity.value if isinstance(activity.value, dict) else None
    sender, origin = sender_of(activity), origin_of(activity)
    reply_to = _plain(activity.reply_to_id) or None
    if value and FORM_KEY in value:
        return Submission(
            sender=sender,
            origin=origin,
            form=_as_text(value[FORM_KEY]),
            values=_inputs(value),
            context=_as_text(value.get(CONTEXT_KEY)),
            at=at,
            message_id=reply_to,
        )
    if value and ACTION_KEY in value:
        return Pressed(
            sender=sender,
            origin=origin,
            action=_as_text(value[ACTION_KEY]),
            value=_as_text(value.get(VALUE_KEY)),
            at=at,
            message_id=reply_to,
        )
    text = text_without_bot_mention(activity)
    if not text:
        return None
    return Said(
        sender=sender,
        origin=origin,
        text=text,
        at=at,
        mentioned_bot=mentions_bot(activity) or origin.private,
    )


def _bot_added(activity: Activity) -> bool:
    if activity.type == ActivityTypes.installation_update:
        return (activity.action or "").lower().startswith("add")
    bot_id = activity.recipient.id if activity.recipient else None
    return any(member.id == bot_id for member in activity.members_added or [])


def team_hint(activity: Activity) -> str:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    name = team.get("name") if isinstance(team, dict) else None
    return _plain(name) or _plain(getattr(activity.conversation, "name", None))


def idea_command(activity: Activity, at: datetime) -> Command | None:
    """The message extension's "Post an idea" submit, as the `idea` command."""
    value = activity.value if isinstance(activity.value, dict) else {}
    if value.get("commandId") != IDEA_COMMAND:
        return None
    data = value.get("data")
    if data is not None and not isinstance(data, dict):
        raise Unreadable(f"extension data of type {type(data).__name__}")
    text = _as_text((data or {}).get(IDEA_FIELD)).strip()
    return Command(
        sender=sender_of(activity),
        origin=origin_of(activity),
        name="idea",
        text=text,
        at=at,
        interactive=False,
    )


def to_event(activity: Activity, at: datetime) -> Event | None:
    """The event for an activity, or None for activities the core does not care about."""
    if activity.type == ActivityTypes.message:
        return _message_event(activity, at)
    if activity.type in (ActivityTypes.installation_update, ActivityTypes.conversation_update):
        if _bot_added(activity):
            by = sender_of(activity) if activity.from_property else None
            return Joined(origin=origin_of(activity), at=at, by=by, team_hint=team_hint(activity))
        return None
    if activity.type == ActivityTypes.invoke and activity.name == "composeExtension/submitAction":
        return idea_command(activity, at)
    return None
