"""Signed requests as Slack sends them: slash commands, button presses, modal submissions and
Events API callbacks, with the v0 signature the real Bolt app verifies.

    body = slash_command("/huddle", "help", user="U0NURSE", channel="C0WARD7", ...)
    headers = signed(body, secret)                      # or signed(body, secret, age=301)
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
TEAM = "T0TRUST"


def signed(body: str, secret: str, age: float = 0.0, content_type: str = FORM) -> dict[str, str]:
    """Headers for `body`, signed `age` seconds ago."""
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


def slash_command(
    command: str,
    text: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    trigger_id: str = "",
    team: str = TEAM,
    user_name: str = "",
) -> str:
    return urlencode(
        {
            "token": "deprecated",
            "team_id": team,
            "team_domain": "trust",
            "channel_id": channel,
            "channel_name": channel.lower(),
            "user_id": user,
            "user_name": user_name or user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0HUDDLE",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def _payload(data: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(data)})


def block_actions(
    action_id: str,
    value: str,
    *,
    user: str,
    channel: str,
    message_ts: str,
    response_url: str,
    trigger_id: str = "",
    thread_ts: str | None = None,
    team: str = TEAM,
) -> str:
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "…"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return _payload(
        {
            "type": "block_actions",
            "team": {"id": team, "domain": "trust"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
            "api_app_id": "A0HUDDLE",
            "token": "deprecated",
            "trigger_id": trigger_id,
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel, "name": channel.lower()},
            "message": message,
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )


def state_of(view: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """The `view.state.values` Slack sends for `values` typed into the view's input blocks."""
    state: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        key, kind = element["action_id"], element["type"]
        typed = values.get(key)
        if kind in ("static_select", "radio_buttons"):
            chosen = [o for o in element.get("options", []) if o["value"] == typed]
            entry = {"type": kind, "selected_option": chosen[0] if chosen else None}
        else:
            entry = {"type": kind, "value": typed}
        state[block["block_id"]] = {key: entry}
    return {"values": state}


def view_submission(
    view: dict[str, Any], values: dict[str, str], *, user: str, team: str = TEAM
) -> str:
    """Submitting `view` (as the bot sent it to views.open) with `values` typed in."""
    submitted = {
        **view,
        "id": "V0MODAL",
        "team_id": team,
        "state": state_of(view, values),
        "hash": "1.abc",
        "app_id": "A0HUDDLE",
    }
    return _payload(
        {
            "type": "view_submission",
            "team": {"id": team, "domain": "trust"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
            "api_app_id": "A0HUDDLE",
            "token": "deprecated",
            "trigger_id": "",
            "view": submitted,
            "response_urls": [],
        }
    )


def event_callback(event: dict[str, Any], *, event_id: str = "", team: str = TEAM) -> str:
    return json.dumps(
        {
            "token": "deprecated",
            "team_id": team,
            "api_app_id": "A0HUDDLE",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "U0BOT", "is_bot": True}],
        }
    )


def message(
    text: str,
    *,
    user: str,
    channel: str,
    ts: str = "",
    thread_ts: str | None = None,
    channel_type: str = "channel",
) -> dict[str, Any]:
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "channel": channel,
        "channel_type": channel_type,
        "ts": ts or f"{time.time():.6f}",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event
