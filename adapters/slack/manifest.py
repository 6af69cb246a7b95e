"""The Slack app manifest: an admin pastes it into "Create an app → From a manifest"."""

from __future__ import annotations

from typing import Any

import yaml

EVENTS_PATH = "/slack/events"

# Each scope the bot asks for, and why (the README lists the same).
SCOPES: dict[str, str] = {
    "commands": "receive /huddle, /idea and /visit",
    "chat:write": "post prompts, replies and confirmations in channels the bot was invited to",
    "files:write": "upload run charts and CSV exports (files_upload_v2)",
    "channels:history": "read replies in the threads of its own prompts in public channels",
    "groups:history": "the same in private channels the bot was invited to",
    "im:history": "read direct messages people send to the bot",
    "im:write": "open a direct message to send one person a reminder, chart or export",
    "channels:read": "learn it was added to a public channel (member_joined_channel) and its name",
    "groups:read": "the same for private channels",
}

EVENTS: dict[str, str] = {
    "message.channels": "thread replies to prompts in public channels",
    "message.groups": "thread replies to prompts in private channels",
    "message.im": "direct messages to the bot",
    "member_joined_channel": "the bot was added to a channel: remember where it may speak",
}

COMMANDS = (
    (
        "/huddle",
        "Today's huddle: record measures, the board, escalations",
        "[falls 1, staffing 92% | board | none | escalate <text> | link <team> | help]",
    ),
    (
        "/idea",
        "Post, support and follow improvement ideas",
        "[<your idea> | list | show 12 | support 12 | help]",
    ),
    ("/visit", "Leadership visits: who is coming, coverage, notes", "[help]"),
)


def manifest(url: str = "", name: str = "Huddlebot") -> dict[str, Any]:
    """The manifest as data. Without `url` the app uses Socket Mode (no public address)."""
    endpoint = url.rstrip("/") + EVENTS_PATH if url else ""
    commands = []
    for command, description, hint in COMMANDS:
        entry: dict[str, Any] = {
            "command": command,
            "description": description,
            "usage_hint": hint,
            "should_escape": False,
        }
        if endpoint:
            entry["url"] = endpoint
        commands.append(entry)
    events: dict[str, Any] = {"bot_events": list(EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if endpoint:
        events["request_url"] = endpoint
        interactivity["request_url"] = endpoint
    return {
        "display_information": {
            "name": name,
            "description": "Daily huddles, run charts, ideas and leadership visits",
            "background_color": "#005eb8",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": False,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": not endpoint,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(url: str = "", name: str = "Huddlebot") -> str:
    return yaml.safe_dump(manifest(url, name), sort_keys=False, allow_unicode=True)
