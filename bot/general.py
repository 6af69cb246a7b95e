"""Commands every capability shares: help and welcomes (linking lives in bot.channels)."""

from __future__ import annotations

from bot.context import Context
from bot.messages import Outbound
from bot.people import admins


def help_text(command: str = "") -> str:
    from bot.routes import COMMANDS, SUBCOMMANDS

    if command in COMMANDS:
        lines = [f"/{command}: {COMMANDS[command]}"]
        lines += [f"  /{r.usage} — {r.help}" for (c, _), r in SUBCOMMANDS.items() if c == command]
        return "\n".join(lines)
    lines = ["Here is what I can do:"]
    lines += [f"/{name} — {text}" for name, text in COMMANDS.items()]
    lines.append("Add `help` after a command for more, e.g. `/huddle help`.")
    return "\n".join(lines)


def show_help(ctx: Context, args: str) -> str:
    return help_text(args.strip().lower().lstrip("/"))


def help_for(command: str):  # type: ignore[no-untyped-def]
    """A handler that lists one command's sub-commands (`/huddle help`)."""
    return lambda ctx, args: help_text(command)


def whom_to_ask(ctx: Context) -> str:
    names = [p.name for p in admins(ctx.session, ctx.trust.id)]
    who = " or ".join(names) if names else "your trust's Huddlebot administrator"
    return (
        f"I don't know you yet, so I can't do that. Please ask {who} to add you "
        "(your chat id needs to be in Huddlebot's configuration)."
    )


def welcome(ctx: Context) -> list[Outbound]:
    assert ctx.event is not None
    if ctx.event.origin.private:
        return [ctx.say("Hello! I'm Huddlebot. Type `help` to see what I can do.")]
    return [
        ctx.say(
            "Hello! I'm Huddlebot. A team lead can link this channel to a team with "
            "`huddle link <team key>`, then the team's huddle prompts, charts and "
            "reminders will come here."
        )
    ]
