"""The weekly reflection: a prompt in each team's channel, answers kept (guarded), and an
answer turned into an idea by its author with one click or one command.

An answer is known to people by a random token, never a counting number, and only its author
may publish it: anyone else's token gets the same "not found" as one that does not exist.
"""

from __future__ import annotations

import secrets

from bot.addresses import places_or_nowhere, team_addresses
from bot.context import Context
from bot.events import Said
from bot.ideas.post import publish
from bot.ideas.tell import checked, refused
from bot.messages import About, Button, Outbound, Post, Text
from bot.schedule import Due
from bot.stores.tables.core import Team
from bot.stores.tables.ideas import Idea, ReflectionNote

QUESTION = "What went well this week? What could be better? Anything to try?"
KEY = "reflection:"
ABOUT = "ideas.reflection"  # what a reflection prompt is about (bot.messages.About.kind)
# Consonants only: no digit, so a code never looks like an NHS or hospital number (the patient
# guard would refuse it), and no vowel, so it never spells a word; l is left out (1/l/I).
ALPHABET = "bcdfghjkmnpqrstvwxz"
TOKEN_LENGTH = 10
NOT_FOUND = (
    "I can't find that reflection answer among yours. Use the code from the reply to your own "
    "answer: `/idea from-reflection <code>`."
)


def new_token() -> str:
    """A random answer code (about 42 bits): guessing someone's is hopeless."""
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def compose_reflection(ctx: Context, due: Due) -> list[Post]:
    team = ctx.team or ctx.ideas.team(due.team_id)
    if team is None:
        return []
    heading, day = f"Time to reflect, {team.name}", due.local_date.isoformat()
    places = places_or_nowhere(team_addresses(ctx.session, team), team, "reflection prompt")
    return [
        Post(
            a,
            Text(_asking(a.platform), heading),
            key=f"{KEY}{team.id}:{day}:{i}",
            about=About(ABOUT, team.id, due.local_date),
        )
        for i, a in enumerate(places)
    ]


def _asking(platform: str) -> str:
    how = (
        "Type `/idea reflect <your answer>`."  # the console has no threads
        if platform == "console"
        else "Reply in this thread, or type `/idea reflect <your answer>`."
    )
    return f"{QUESTION}\n{how} Only you can turn your answer into an idea."


def _note(ctx: Context, team: Team, text: str) -> list[Outbound]:
    text = checked(text)
    if not text:
        return [ctx.tell("What is your answer? Type `/idea reflect <your answer>`.")]
    problem = refused(ctx, text, "answer")
    if problem:
        return problem
    note = ReflectionNote(
        token=new_token(),
        team_id=team.id,
        person_id=ctx.person.id if ctx.person else None,
        text=text,
        at=ctx.now,
    )
    ctx.ideas.add_reflection(note)
    ctx.audit("reflection.answer", f"reflection:{note.id}")
    button = Button("Make it an idea", "idea.from_reflection", note.token, "primary")
    who = ctx.person.name if ctx.person else "you"
    return [
        ctx.tell(  # only the author sees the code and the button
            f"Thanks, {who}. Your reflection answer is noted as {note.token}. Only you can turn "
            f"it into an idea: the button, or `/idea from-reflection {note.token}`.",
            buttons=(button,),
        )
    ]


def answered(ctx: Context, event: Said) -> list[Outbound] | None:
    """A reply in the thread of a reflection prompt; None for any other message."""
    thread = event.origin.thread
    if not thread:
        return None
    o = event.origin
    found = ctx.postings.heading(o.platform, o.conversation, thread, (ABOUT,))
    team_id = found[0].about.team_id if found else None
    if team_id is None:
        return None
    team = ctx.ideas.team(team_id)
    return _note(ctx, team, event.text) if team else None


def reflect(ctx: Context, args: str) -> list[Outbound]:
    """`/idea reflect <answer>`: answer the reflection where there are no threads."""
    if ctx.team is None:
        return [ctx.tell("Which team? Answer in your team's channel.")]
    return _note(ctx, ctx.team, args)


def _own(ctx: Context, token: str) -> ReflectionNote | None:
    """The caller's own answer with that code; another person's is audited and not found."""
    note = ctx.ideas.reflection(token)
    mine = note is not None and ctx.person is not None and note.person_id == ctx.person.id
    if note is not None and not mine:
        ctx.audit("idea.from_reflection", f"reflection:{note.id}", "denied")
        return None
    if note is None:
        ctx.audit("idea.from_reflection", "", "not_found")
    return note


def from_reflection(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea from-reflection kbtqmzxwdh` or the button: the author publishes their answer."""
    token = args.strip().lstrip("#").lower()
    if not token:
        return "Which answer? Use `/idea from-reflection <code>` with your answer's code."
    note = _own(ctx, token)
    if note is None:
        return NOT_FOUND
    if note.idea_id is not None:
        idea = ctx.ideas.get(note.idea_id)
        return f"That answer is already idea #{idea.number if idea else '?'}."
    author = ctx.ideas.person(note.person_id)
    team = ctx.ideas.team(note.team_id)

    def link(idea: Idea) -> None:
        note.idea_id = idea.id

    return publish(ctx, note.text, author=author, team=team, stored=link)
