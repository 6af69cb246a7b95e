"""The weekly reflection: a prompt in each team's channel, answers kept (guarded), and an
answer turned into an idea with one click or one command, keeping its author."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Context
from bot.events import Said
from bot.ideas.post import publish
from bot.ideas.tell import checked, refused
from bot.ideas.words import number_in
from bot.messages import Button, Outbound, Post, Text
from bot.places import team_addresses
from bot.schedule import Due
from bot.stores.tables.core import Person, Posting, Team
from bot.stores.tables.ideas import Idea, ReflectionNote

QUESTION = "What went well this week? What could be better? Anything to try?"
KEY = "reflection:"


def compose_reflection(ctx: Context, due: Due) -> list[Post]:
    team = ctx.team or (ctx.session.get(Team, due.team_id) if due.team_id else None)
    if team is None:
        return []
    heading, day = f"Time to reflect, {team.name}", due.local_date.isoformat()
    return [
        Post(a, Text(_asking(a.platform), heading), key=f"{KEY}{team.id}:{day}:{i}")
        for i, a in enumerate(team_addresses(ctx.session, team))
    ]


def _asking(platform: str) -> str:
    how = (
        "Type `/idea reflect <your answer>`."  # the console has no threads
        if platform == "console"
        else "Reply in this thread, or type `/idea reflect <your answer>`."
    )
    return f"{QUESTION}\n{how} Any answer can become an idea with one click."


def _note(ctx: Context, team: Team, text: str) -> list[Outbound]:
    text = checked(text)
    if not text:
        return [ctx.tell("What is your answer? Type `/idea reflect <your answer>`.")]
    problem = refused(ctx, text, "answer")
    if problem:
        return problem
    note = ReflectionNote(
        team_id=team.id, person_id=ctx.person.id if ctx.person else None, text=text, at=ctx.now
    )
    ctx.session.add(note)
    ctx.session.flush()
    ctx.audit("reflection.answer", f"reflection:{note.id}")
    button = Button("Make it an idea", "idea.from_reflection", str(note.id), "primary")
    who = ctx.person.name if ctx.person else "you"
    return [
        ctx.say(
            f"Thanks, {who}. Reflection answer {note.id} noted. Turn it into an idea with the "
            f"button or `/idea from-reflection {note.id}`.",
            buttons=(button,),
        )
    ]


def answered(ctx: Context, event: Said) -> list[Outbound] | None:
    """A reply in the thread of a reflection prompt; None for any other message."""
    thread = event.origin.thread
    if not thread:
        return None
    key = ctx.session.scalar(
        select(Posting.key).where(
            Posting.platform == event.origin.platform,
            Posting.conversation == event.origin.conversation,
            Posting.message_id == thread,
            Posting.key.like(f"{KEY}%"),
        )
    )
    if key is None:
        return None
    team = ctx.session.get(Team, int(key[len(KEY) :].split(":")[0]))
    return _note(ctx, team, event.text) if team else None


def reflect(ctx: Context, args: str) -> list[Outbound]:
    """`/idea reflect <answer>`: answer the reflection where there are no threads."""
    if ctx.team is None:
        return [ctx.tell("Which team? Answer in your team's channel.")]
    return _note(ctx, ctx.team, args)


def from_reflection(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea from-reflection 3` or the button: the answer becomes an idea by its author."""
    number = number_in(args)
    note = ctx.session.get(ReflectionNote, number) if number else None
    if note is None:
        return "Which answer? Use `/idea from-reflection 3` with the answer's number."
    if note.idea_id is not None:
        idea = ctx.session.get(Idea, note.idea_id)
        return f"That answer is already idea #{idea.number if idea else '?'}."
    author = ctx.session.get(Person, note.person_id) if note.person_id else None
    team = ctx.session.get(Team, note.team_id)

    def link(idea: Idea) -> None:
        note.idea_id = idea.id

    return publish(ctx, note.text, author=author, team=team, stored=link)
