"""The shape of a route table, and of what a handler returns.

The table itself is written once, in `bot/routes.py`, and handed to `Huddlebot` by whoever
composes the bot (`huddlebot/bootstrap.py`, or a test with a table of its own). Handlers reach
it through `ctx.routes`, so no handler imports `routes` and routing has no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.messages import Outbound

# What every handler returns: a string is said privately to whoever asked; None says nothing.
# Normalised to a list of posts in one place, `Huddlebot` (bot/app.py).
Answer = str | Outbound | Sequence[Outbound] | None

Handler = Callable[..., Answer]  # (ctx, args: str), (ctx, values, context) or (ctx, value)


@dataclass(frozen=True)
class Route:
    handler: Handler  # (ctx, args: str) -> Answer
    usage: str
    help: str
    anyone: bool = False  # allowed for people Huddlebot does not know yet


@dataclass(frozen=True)
class RouteTable:
    """Every route of a bot: commands, forms, buttons, free text and scheduled kinds, plus the
    hooks one capability offers another and the demo data each adds."""

    commands: Mapping[str, str]  # command -> one line for /help
    subcommands: Mapping[tuple[str, str], Route]  # sub-command "" takes the rest
    forms: Mapping[str, Handler] = field(default_factory=dict)  # (ctx, values, context)
    form_builders: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # -> Form
    actions: Mapping[str, Handler] = field(default_factory=dict)  # (ctx, value)
    said: Sequence[Handler] = ()  # (ctx, said) tried in order; None: not for it
    timed: Mapping[str, Handler] = field(default_factory=dict)  # (ctx, due)
    demo_extras: Sequence[Callable[..., None]] = ()  # (session, today, now)
    demo_showcase: Sequence[Callable[..., None]] = ()  # the console demo's only: (same)
    after_record: Sequence[Callable[..., Sequence[str]]] = ()  # (ctx, team, day, saved)
    board_lines: Sequence[Callable[..., Sequence[str]]] = ()  # (ctx, team)

    def as_command(self, text: str) -> tuple[str, str] | None:
        """`huddle chart falls`, `/idea …`: a command typed as a plain message (Teams,
        console). A leading `/` makes any word a command; without it only ours are."""
        words = text.strip().split(maxsplit=1)
        if not words:
            return None
        first = words[0].lower()
        if first.startswith("/"):
            first = first[1:]
        elif first not in self.commands:
            return None
        return (first, words[1] if len(words) > 1 else "")
