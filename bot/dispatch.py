"""Find the route for an event in the bot's route table (`ctx.routes`) and run it."""

from __future__ import annotations

from bot import help
from bot.context import Context
from bot.events import Command, Joined, Pressed, Said, Submission
from bot.privacy.inbound import screened
from bot.routing import Answer


def route(ctx: Context) -> Answer:
    refused = screened(ctx)  # patient identifiers, in any text of any event, before any handler
    if refused is not None:
        return refused
    event = ctx.event
    if isinstance(event, Command):
        return run_command(ctx, event.name, event.text)
    if isinstance(event, Said):
        return _said(ctx, event)
    if isinstance(event, Submission):
        forms = ctx.routes.forms
        if event.form not in forms:
            return _gone(ctx)
        return _known(ctx) or forms[event.form](ctx, event.values, event.context)
    if isinstance(event, Pressed):
        return _pressed(ctx, event)
    if isinstance(event, Joined):
        return help.welcome(ctx)
    return None


def run_command(ctx: Context, name: str, text: str) -> Answer:
    table = ctx.routes
    name = name.lstrip("/").lower()
    words = text.strip().split(maxsplit=1)
    sub = words[0].lower() if words else ""
    if name not in table.commands:
        return f"I don't know the command /{name}.\n" + help.help_text(table)
    if (name, sub) in table.subcommands:
        chosen, args = table.subcommands[(name, sub)], (words[1] if len(words) > 1 else "")
    elif (name, "") in table.subcommands:
        chosen, args = table.subcommands[(name, "")], text.strip()
    else:
        return help.help_text(table, name)
    if not chosen.anyone and ctx.person is None:
        ctx.audit(f"{name}.{sub or 'default'}", "", "denied")
        return help.whom_to_ask(ctx)
    return chosen.handler(ctx, args)


def _said(ctx: Context, event: Said) -> Answer:
    command = ctx.routes.as_command(event.text)
    if command is not None:
        return run_command(ctx, *command)
    for answer in ctx.routes.said:
        result = answer(ctx, event)
        if result is not None:
            return result
    if event.origin.private or event.mentioned_bot:
        return "I didn't catch that. Type `help` to see what I can do."
    return None


def _pressed(ctx: Context, event: Pressed) -> Answer:
    if event.action.startswith("open:"):
        builder = ctx.routes.form_builders.get(event.action[5:])
        if builder is None:
            return _gone(ctx)
        return _known(ctx) or [ctx.show(builder(ctx, event.value), private=True)]
    handler = ctx.routes.actions.get(event.action)
    if handler is None:
        return _gone(ctx)
    return _known(ctx) or handler(ctx, event.value)


def _known(ctx: Context) -> str | None:
    """None when the person is known; otherwise the reply telling them whom to ask."""
    if ctx.person is None:
        ctx.audit("unknown_person", "", "denied")
        return help.whom_to_ask(ctx)
    return None


def _gone(ctx: Context) -> str:
    return "That button or form is no longer available. Type `help` to see what I can do."
