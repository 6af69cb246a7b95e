"""Commands every capability shares: help, linking a conversation to a team, welcomes."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Context
from bot.messages import Outbound
from bot.people import admins, is_team_lead, is_trust_admin
from bot.places import link
from bot.stores.tables.core import Division, Team


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


def link_here(ctx: Context, args: str) -> list[Outbound] | str:
    """`/huddle link ward-7`: this conversation becomes the team's (or a division's) channel."""
    key = args.strip().lower()
    if not key:
        return "Which team? Use `/huddle link <team key>`, for example `/huddle link ward-7`."
    team = ctx.session.scalar(select(Team).where(Team.trust_id == ctx.trust.id, Team.key == key))
    if team is not None:
        if not is_team_lead(ctx.session, ctx.person, team):
            return ctx.refuse(
                "link",
                f"team:{team.id}",
                f"Only {team.name}'s team lead or a trust admin can link a channel.",
            )
        link(ctx.session, ctx.event.origin, "team", team.id, ctx.now)
        ctx.audit("link", f"team:{team.id}")
        return [
            ctx.say(
                f"This conversation is now {team.name}'s huddle channel. "
                "Prompts, charts and reminders for the team will come here."
            )
        ]
    division = ctx.session.scalar(
        select(Division).where(Division.trust_id == ctx.trust.id, Division.key == key)
    )
    if division is not None:
        if not is_trust_admin(ctx.session, ctx.person):
            return ctx.refuse(
                "link",
                f"division:{division.id}",
                "Only a trust admin can link a division's channel.",
            )
        link(ctx.session, ctx.event.origin, "division", division.id, ctx.now)
        ctx.audit("link", f"division:{division.id}")
        return [
            ctx.say(
                f"This conversation is now the {division.name} division's channel: "
                "escalations from its teams will come here."
            )
        ]
    keys = ", ".join(
        ctx.session.scalars(
            select(Team.key).where(Team.trust_id == ctx.trust.id).order_by(Team.key)
        )
    )
    return f"I don't know a team called '{key}'. Teams: {keys}."


def welcome(ctx: Context) -> list[Outbound]:
    if ctx.event.origin.private:
        return [ctx.say("Hello! I'm Huddlebot. Type `help` to see what I can do.")]
    return [
        ctx.say(
            "Hello! I'm Huddlebot. A team lead can link this channel to a team with "
            "`huddle link <team key>`, then the team's huddle prompts, charts and "
            "reminders will come here."
        )
    ]
