"""Every route in one place: commands, forms, buttons, free-text answers and scheduled kinds.

Capabilities add their lines here; the handlers live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import general


@dataclass(frozen=True)
class Route:
    handler: Callable[..., Any]  # (ctx, args: str) -> str | Post | list[Post | Edit] | None
    usage: str
    help: str
    anyone: bool = False  # allowed for people Huddlebot does not know yet


# One line each, shown by /help.
COMMANDS: dict[str, str] = {
    "huddle": "today's huddle: record measures, see the board and charts, escalate",
    "idea": "post an improvement idea, support ideas and follow their tests of change",
    "visit": "leadership visits: who is coming, coverage, notes and follow-up",
    "help": "what Huddlebot can do",
}

# (command, sub-command) -> route. Sub-command "" takes everything else after the command.
SUBCOMMANDS: dict[tuple[str, str], Route] = {
    ("help", ""): Route(general.show_help, "help [command]", "what Huddlebot can do", anyone=True),
    ("huddle", "help"): Route(general.help_for("huddle"), "huddle help", "this list", anyone=True),
    ("huddle", "link"): Route(
        general.link_here,
        "huddle link <team>",
        "make this channel the team's huddle channel (team lead)",
    ),
    ("idea", "help"): Route(general.help_for("idea"), "idea help", "this list", anyone=True),
    ("visit", "help"): Route(general.help_for("visit"), "visit help", "this list", anyone=True),
}

# form id -> (ctx, values: Mapping[str, str], context: str) -> posts
FORMS: dict[str, Callable[..., Any]] = {}

# form id -> (ctx, context: str) -> Form   (a button with action "open:<form id>" opens it)
FORM_BUILDERS: dict[str, Callable[..., Any]] = {}

# button action -> (ctx, value: str) -> posts
ACTIONS: dict[str, Callable[..., Any]] = {}

# Free-text handlers tried in order; each returns None when the message is not for it.
SAID: tuple[Callable[..., Any], ...] = ()

# scheduled kind -> (ctx, due: bot.schedule.Due) -> list[Post]
TIMED: dict[str, Callable[..., Any]] = {}

# Demo data from other capabilities: (session, today, now) -> None, run after the demo trust loads.
DEMO_EXTRAS: tuple[Callable[..., Any], ...] = ()
