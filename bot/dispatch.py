"""Find the route for an event and run it."""

from __future__ import annotations

from typing import Any

from bot import general, routes
from bot.context import Context
from bot.events import Command, Joined, Pressed, Said, Submission
from bot.privacy.inbound import screened

COMMAND_WORDS = tuple(routes.COMMANDS)


def route(ctx: Context) -> Any:
    refused = screened(ctx)  # patient identifiers, in any text of any event, before any handler
    if refused is not None:
        return refused
    event = ctx.event
    if isinstance(event, Command):
        return run_command(ctx, event.name, event.text)
    if isinstance(event, Said):
        return _said(ctx, event)
    if isinstance(event, Submission):
        return (
            _known(ctx) or routes.FORMS[event.form](ctx, event.values, event.context)
            if event.form in routes.FORMS
            else _gone(ctx)
        )
    if isinstance(event, Pressed):
        return _pressed(ctx, event)
    if isinstance(event, Joined):
        return general.welcome(ctx)
    return None


def run_command(ctx: Context, name: str, text: str) -> Any:
    name = name.lstrip("/").lower()
    words = text.strip().split(maxsplit=1)
    sub = words[0].lower() if words else ""
    if name not in routes.COMMANDS:
        return f"I don't know the command /{name}.\n" + general.help_text()
    if (name, sub) in routes.SUBCOMMANDS:
        chosen, args = routes.SUBCOMMANDS[(name, sub)], (words[1] if len(words) > 1 else "")
    elif (name, "") in routes.SUBCOMMANDS:
        chosen, args = routes.SUBCOMMANDS[(name, "")], text.strip()
    else:
        return general.help_text(name)
    if not chosen.anyone and ctx.person is None:
        ctx.audit(f"{name}.{sub or 'default'}", "", "denied")
        return general.whom_to_ask(ctx)
    return chosen.handler(ctx, args)


def as_command(text: str) -> tuple[str, str] | None:
    """`huddle chart falls`, `/idea …`: a command typed as a plain message (no slash)."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return None
    first = words[0].lower()
    if first.startswith("/"):
        first = first[1:]
    elif first not in COMMAND_WORDS:
        return None
    if first not in COMMAND_WORDS:
        return (first, words[1] if len(words) > 1 else "")
    return (first, words[1] if len(words) > 1 else "")


def _said(ctx: Context, event: Said) -> Any:
    command = as_command(event.text)
    if command is not None:
        return run_command(ctx, *command)
    for answer in routes.SAID:
        result = answer(ctx, event)
        if result is not None:
            return result
    if event.origin.private or event.mentioned_bot:
        return "I didn't catch that. Type `help` to see what I can do."
    return None


def _pressed(ctx: Context, event: Pressed) -> Any:
    if event.action.startswith("open:"):
        builder = routes.FORM_BUILDERS.get(event.action[5:])
        if builder is None:
            return _gone(ctx)
        return _known(ctx) or [ctx.show(builder(ctx, event.value), private=True)]
    handler = routes.ACTIONS.get(event.action)
    if handler is None:
        return _gone(ctx)
    return _known(ctx) or handler(ctx, event.value)


def _known(ctx: Context) -> str | None:
    """None when the person is known; otherwise the reply telling them whom to ask."""
    if ctx.person is None:
        ctx.audit("unknown_person", "", "denied")
        return general.whom_to_ask(ctx)
    return None


def _gone(ctx: Context) -> str:
    return "That button or form is no longer available. Type `help` to see what I can do."
