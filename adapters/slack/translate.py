"""Slack payloads as the core's events. Pure functions of the payload (and `now` where Slack
sends no time), so the real Bolt payloads can be checked without a server."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from adapters.slack.render import action_of
from bot.events import Command, Joined, Origin, Pressed, Said, Sender, Submission

PLATFORM = "slack"
SLASH_IN_TEXT = re.compile(r"^\s*/(huddle|idea|visit)\b", re.IGNORECASE)
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(\|[^>]*)?>")
LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(\|([^>]*))?>")

Payload = dict[str, Any]


def re_any_command() -> re.Pattern[str]:
    """Every slash command the app has (the core answers unknown ones with help)."""
    return re.compile(r"^/.+")


def re_any_action() -> re.Pattern[str]:
    return re.compile(r".+")


def unescape(text: str) -> str:
    """Slack's message text back to plain text (links as their label, entities decoded)."""
    text = LINK.sub(lambda m: m.group(3) or m.group(1), text)
    text = MENTION.sub(lambda m: "@" + m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def moment(ts: str | None, now: datetime) -> datetime:
    """A Slack `ts` ("1732610000.000200") as an aware UTC time; `now` when there is none."""
    try:
        return datetime.fromtimestamp(float(ts), tz=UTC) if ts else now
    except ValueError:
        return now


def _private(channel: str, channel_type: str = "") -> bool:
    return channel_type == "im" or channel.startswith("D")


def command(body: Payload, now: datetime) -> Command:
    """A slash command (form-encoded body, already parsed by Bolt)."""
    channel = body.get("channel_id", "")
    return Command(
        sender=Sender(PLATFORM, body.get("user_id", ""), body.get("user_name", "")),
        origin=Origin(PLATFORM, body.get("team_id", ""), channel, private=_private(channel)),
        name=body.get("command", "").lstrip("/").lower(),
        text=body.get("text", "").strip(),
        at=now,
        interactive=bool(body.get("trigger_id")),
    )


def thread_of(event: Payload) -> str | None:
    """The head of the thread a message is in, or None for a top-level message."""
    thread = event.get("thread_ts")
    return thread if thread and thread != event.get("ts") else None


def is_person_message(event: Payload) -> bool:
    """A message a person wrote (not the bot, not an edit, join or other system subtype)."""
    if event.get("bot_id") or event.get("app_id"):
        return False
    return event.get("subtype") in (None, "thread_broadcast", "file_share") and bool(
        event.get("user")
    )


def said(event: Payload, workspace: str, bot_user: str, now: datetime) -> Said | None:
    """A person's message in a thread, a DM or mentioning the bot; None for anything else."""
    if not is_person_message(event):
        return None
    channel = event.get("channel", "")
    private = _private(channel, event.get("channel_type", ""))
    text = event.get("text", "")
    mentioned = bool(bot_user) and f"<@{bot_user}" in text
    if mentioned:
        text = re.sub(rf"<@{bot_user}(\|[^>]*)?>", "", text)
    thread = thread_of(event)
    if not (private or thread or mentioned):
        return None  # chatter in a channel is none of the bot's business
    return Said(
        sender=Sender(PLATFORM, event["user"]),
        origin=Origin(PLATFORM, workspace, channel, thread=thread, private=private),
        text=unescape(text).strip(),
        at=moment(event.get("ts"), now),
        mentioned_bot=mentioned,
    )


def slash_in_thread(event: Payload) -> bool:
    """`/huddle …` typed as a thread reply: Slack cannot run it there."""
    return thread_of(event) is not None and bool(SLASH_IN_TEXT.match(event.get("text", "")))


def _origin_of_interaction(body: Payload) -> Origin:
    """Where a button was pressed. Answers go in the thread of the message it was on (its own
    thread when it heads none), so a prompt's confirmations stay with the prompt."""
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
    message = body.get("message") or {}
    thread = thread_of(message)
    if thread is None and not container.get("is_ephemeral"):
        thread = message.get("ts") or None  # ephemeral messages cannot head a thread
    return Origin(PLATFORM, team_of(body), channel, thread=thread, private=_private(channel))


def _sender(body: Payload) -> Sender:
    user = body.get("user") or {}
    return Sender(PLATFORM, user.get("id", ""), user.get("name") or user.get("username", ""))


def pressed(body: Payload, now: datetime) -> Pressed | None:
    """The first action of a block_actions payload (a button the bot posted)."""
    actions = body.get("actions") or []
    if not actions:
        return None
    action = actions[0]
    value = action.get("value")
    if value is None:
        value = (action.get("selected_option") or {}).get("value", "")
    container = body.get("container") or {}
    message_id = (body.get("message") or {}).get("ts") or container.get("message_ts")
    return Pressed(
        sender=_sender(body),
        origin=_origin_of_interaction(body),
        action=action_of(action.get("action_id", "")),
        value=value,
        at=moment(action.get("action_ts"), now),
        message_id=message_id,
        interactive=bool(body.get("trigger_id")),
    )


def field_value(element: Payload) -> str:
    """A submitted input's value as the string the core validates."""
    kind = element.get("type", "")
    if kind in ("static_select", "radio_buttons"):
        return ((element.get("selected_option") or {}).get("value")) or ""
    value = element.get("value")
    return "" if value is None else str(value)


METADATA_LIMIT = 3000  # Slack's own limit for private_metadata


def read_metadata(view: Payload) -> Payload:
    """The context the bot put in the view; {} for anything it could not have written."""
    text = view.get("private_metadata") or "{}"
    if not isinstance(text, str) or len(text) > METADATA_LIMIT:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested beyond reason
        return {}
    return data if isinstance(data, dict) else {}


def team_of(body: Payload) -> str:
    """The workspace an interaction came from, as Slack's payload says (never our metadata)."""
    team, user = body.get("team"), body.get("user")
    team_id = team.get("id") if isinstance(team, dict) else None
    user_team = user.get("team_id") if isinstance(user, dict) else None
    return str(team_id or user_team or "")


def submission(body: Payload, now: datetime) -> Submission | None:
    """A modal the bot opened, submitted; None if it carries no form of ours."""
    view = body.get("view") or {}
    data = read_metadata(view)
    if not data.get("f"):
        return None
    state = (view.get("state") or {}).get("values") or {}
    values = {
        action_id: field_value(element)
        for block in state.values()
        for action_id, element in block.items()
    }
    channel = data.get("ch") or ""
    return Submission(
        sender=_sender(body),
        origin=Origin(
            PLATFORM, team_of(body), channel, thread=data.get("th"), private=bool(data.get("p"))
        ),
        form=data["f"],
        values=values,
        context=data.get("c") or "",
        at=now,
        message_id=data.get("m"),
    )


def field_keys(body: Payload) -> list[str]:
    """The input block ids of the submitted view, in order (where errors can be shown)."""
    blocks = (body.get("view") or {}).get("blocks") or []
    return [b["block_id"] for b in blocks if b.get("type") == "input" and b.get("block_id")]


def joined(
    event: Payload, workspace: str, bot_user: str, now: datetime, name: str = ""
) -> Joined | None:
    """member_joined_channel for the bot itself: it was added to a channel."""
    if event.get("user") != bot_user:
        return None
    channel = event.get("channel", "")
    inviter = event.get("inviter")
    return Joined(
        origin=Origin(
            PLATFORM,
            event.get("team") or workspace,
            channel,
            private=_private(channel, event.get("channel_type", "")),
        ),
        at=now,
        by=Sender(PLATFORM, inviter) if inviter else None,
        team_hint=name,
    )
