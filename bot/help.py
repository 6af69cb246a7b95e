"""Help and welcomes: what Huddlebot can do, told on request, to a stranger, or on joining."""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.messages import Outbound
from bot.people import admins
from bot.routing import RouteTable


def help_text(table: RouteTable, command: str = "") -> str:
    if command in table.commands:
        lines = [f"/{command}: {table.commands[command]}"]
        lines += [
            f"  /{r.usage} — {r.help}" for (c, _), r in table.subcommands.items() if c == command
        ]
        return "\n".join(lines)
    lines = ["Here is what I can do:"]
    lines += [f"/{name} — {text}" for name, text in table.commands.items()]
    lines.append("Add `help` after a command for more, e.g. `/huddle help`.")
    return "\n".join(lines)


def show_help(ctx: Context, args: str) -> str:
    return help_text(ctx.routes, args.strip().lower().lstrip("/"))


def help_for(command: str) -> Callable[[Context, str], str]:
    """A handler that lists one command's sub-commands (`/huddle help`)."""
    return lambda ctx, args: help_text(ctx.routes, command)


def whom_to_ask(ctx: Context) -> str:
    names = [p.name for p in admins(ctx.session, ctx.trust.id)]
    who = " or ".join(names) if names else "your trust's Huddlebot administrator"
    return (
        f"I don't know you yet, so I can't do that. Please ask {who} to add you "
        "(your chat id needs to be in Huddlebot's configuration)."
    )


def welcome(ctx: Context) -> list[Outbound]:
    if ctx.event is not None and ctx.event.origin.private:
        return [ctx.say("Hello! I'm Huddlebot. Type `help` to see what I can do.")]
    return [
        ctx.say(
            "Hello! I'm Huddlebot. A team lead can link this channel to a team with "
            "`huddle link <team key>`, then the team's huddle prompts, charts and "
            "reminders will come here."
        )
    ]
