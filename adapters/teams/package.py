"""The Teams app package: manifest.json (schema 1.17) and the two icons, zipped for sideloading
or the Teams admin centre."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from adapters.teams.icons import colour_icon, outline_icon
from adapters.teams.translate import IDEA_COMMAND, IDEA_FIELD

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SCOPES = ["personal", "team", "groupChat"]

# The command menu: what a person picks to fill the compose box (Teams shows at most 10).
MENU: tuple[tuple[str, str], ...] = (
    ("huddle", "Record today's huddle (alone: the form)"),
    ("huddle board", "Today's huddle board"),
    ("huddle chart falls", "A measure's run chart"),
    ("huddle escalate", "Raise an item to the division"),
    ("idea", "Post an improvement idea"),
    ("idea list", "Ideas of your team"),
    ("idea mine", "Ideas you posted or own"),
    ("visit", "Leadership visits: who is coming"),
    ("visit coverage", "Which areas had a visit lately"),
    ("help", "What Huddlebot can do"),
)


def menu() -> list[tuple[str, str]]:
    """The menu entries whose command the core routes today (a capability may not be built)."""
    from bot.routes import COMMANDS, SUBCOMMANDS

    def routed(title: str) -> bool:
        command, _, rest = title.partition(" ")
        sub = rest.split(" ")[0]
        return command in COMMANDS and (command, sub) in SUBCOMMANDS

    return [(title, text) for title, text in MENU if routed(title)]


def manifest(
    app_id: str, name: str = "Huddlebot", website: str = "", version: str = "1.0.0"
) -> dict[str, Any]:
    """The manifest for a bot registered under `app_id` (a GUID)."""
    if not GUID.match(app_id):
        raise ValueError(f"the app id must be the bot's Microsoft app id (a GUID), not {app_id!r}")
    site = (website or "https://www.england.nhs.uk/").rstrip("/")
    commands = [{"title": title, "description": text} for title, text in menu()]
    return {
        "$schema": SCHEMA,
        "manifestVersion": "1.17",
        "version": version,
        "id": app_id,
        "developer": {
            "name": f"{name} team",
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": name[:30], "full": f"{name}: daily huddles and improvement"[:100]},
        "description": {
            "short": "Daily huddles, run charts, improvement ideas and leadership visits"[:80],
            "full": (
                f"{name} prompts each team's daily safety huddle, records its measures, draws "
                "SPC run charts, collects improvement ideas and plans leadership visits. "
                "Type `help` to the bot, or @mention it in a channel."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#005EB8",
        "bots": [
            {
                "botId": app_id,
                "scopes": SCOPES,
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": SCOPES, "commands": commands}],
            }
        ],
        "composeExtensions": [
            {
                "botId": app_id,
                "commands": [
                    {
                        "id": IDEA_COMMAND,
                        "type": "action",
                        "title": "Post an idea",
                        "description": f"Post an improvement idea to your team ({IDEA_FIELD})",
                        "context": ["compose", "commandBox", "message"],
                        "fetchTask": True,
                    }
                ],
            }
        ],
        "validDomains": [],
    }


def package(app_id: str, name: str = "Huddlebot", website: str = "") -> bytes:
    """The zip Teams accepts: manifest.json, color.png and outline.png at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(app_id, name, website), indent=2))
        archive.writestr("color.png", colour_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()
