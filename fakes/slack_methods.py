"""What each Slack Web API method answers in the fake (`fakes/slack_api.py`): Slack's
JSON for success, and the errors the real API gives (not_in_channel, expired_trigger_id …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakes.slack_api import FakeSlack

TRIGGER_LIFETIME = 3.0  # seconds: Slack expires a trigger_id 3 s after the interaction


def error(code: str) -> dict[str, Any]:
    return {"ok": False, "error": code}


def _auth_test(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "url": "https://trust.slack.com/",
        "team": "Trust",
        "user": "huddlebot",
        "team_id": slack.team,
        "user_id": slack.bot_user,
        "bot_id": slack.bot_id,
    }


def _channel_of(slack: FakeSlack, params: dict[str, Any]) -> str:
    return str(params.get("channel") or params.get("channel_id") or "")


def _post(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_of(slack, params)
    if not channel:
        return error("channel_not_found")
    if channel.startswith("C") and channel not in slack.members:
        return error("not_in_channel")
    ts = slack._ts()
    message = {"ts": ts, "channel": channel, "user": slack.bot_user, **params}
    with slack._lock:
        slack.messages[(channel, ts)] = message
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _history(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """conversations.history / .replies: newest first; metadata only when asked for."""
    channel = _channel_of(slack, params)
    thread = str(params.get("ts") or "")
    with slack._lock:
        found = [m for (ch, _), m in slack.messages.items() if ch == channel]
    if thread:
        found = [m for m in found if m["ts"] == thread or m.get("thread_ts") == thread]
    else:
        found = [m for m in found if not m.get("thread_ts")]
    found.sort(key=lambda m: m["ts"], reverse=True)
    with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
    limit = int(params.get("limit") or 100)
    messages = [
        {
            "ts": m["ts"],
            "text": m.get("text", ""),
            **({"metadata": m["metadata"]} if with_metadata and m.get("metadata") else {}),
        }
        for m in found[:limit]
    ]
    return {"ok": True, "messages": messages, "has_more": len(found) > limit}


def _ephemeral(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_of(slack, params)
    if channel.startswith("C") and channel not in slack.members:
        return error("not_in_channel")
    return {"ok": True, "message_ts": slack._ts()}


def _update(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    key = (_channel_of(slack, params), str(params.get("ts", "")))
    with slack._lock:
        if key not in slack.messages:
            return error("message_not_found")
        slack.messages[key] = {**slack.messages[key], **params}
    return {"ok": True, "channel": key[0], "ts": key[1]}


def _views_open(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    trigger_id = str(params.get("trigger_id", ""))
    with slack._lock:
        issued = slack._triggers.get(trigger_id)
        if issued is None:
            return error("invalid_trigger_id")
        if issued[1]:
            return error("exchanged_trigger_id")
        if slack.clock() - issued[0] > TRIGGER_LIFETIME:
            return error("expired_trigger_id")
        slack._triggers[trigger_id] = (issued[0], True)
    return {"ok": True, "view": {"id": f"V{next(slack._ids)}", **params.get("view", {})}}


def _views_update(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    view_id = str(params.get("view_id", ""))
    if not view_id:
        return error("not_found")
    return {"ok": True, "view": {"id": view_id, **params.get("view", {})}}


def _upload_url(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    file_id = f"F{next(slack._ids):06d}"
    return {"ok": True, "file_id": file_id, "upload_url": f"{slack.root}/upload/{file_id}"}


def _complete_upload(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_of(slack, params)
    if channel and channel not in slack.members and not channel.startswith("D"):
        return error("not_in_channel")  # even where chat:write.public would let a post through
    files = params.get("files") or []
    with slack._lock:
        missing = [f["id"] for f in files if f["id"] not in slack.uploads]
    if missing:
        return error("file_not_found")
    return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}


def _conversations_info(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_of(slack, params)
    if not channel:
        return error("channel_not_found")
    name = slack.channel_names.get(channel, channel.lower())
    return {
        "ok": True,
        "channel": {"id": channel, "name": name, "is_member": channel in slack.members},
    }


def _conversations_open(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    users = str(params.get("users", ""))
    return {"ok": True, "channel": {"id": "D" + users.lstrip("UW")}}


def _users_info(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    user = str(params.get("user", ""))
    if user not in slack.users:
        return error("user_not_found")
    name = slack.users[user]
    return {
        "ok": True,
        "user": {
            "id": user,
            "name": name.lower().replace(" ", "."),
            "real_name": name,
            "profile": {"display_name": name},
        },
    }


def _connections_open(slack: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "url": slack.socket_url}


METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post,
    "chat.postEphemeral": _ephemeral,
    "chat.update": _update,
    "views.open": _views_open,
    "views.update": _views_update,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
    "conversations.info": _conversations_info,
    "conversations.history": _history,
    "conversations.replies": _history,
    "conversations.open": _conversations_open,
    "users.info": _users_info,
    "apps.connections.open": _connections_open,
}
