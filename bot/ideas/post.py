"""Posting an idea (`/idea <text>` or the form), supporting it, and starting its discussion."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.context import Context
from bot.events import Command, Said
from bot.ideas.digest import keep_digest_going
from bot.ideas.tell import checked, refused, to_team
from bot.ideas.words import number_in, posted_line
from bot.messages import (
    About,
    Address,
    Button,
    Field,
    Form,
    FormErrors,
    Outbound,
    Post,
    Text,
)
from bot.stores.tables.core import Measure, Person, Team
from bot.stores.tables.ideas import Idea

FORM = "idea.new"
NO_TEAM = (
    "Which team is this idea for? Post it in your team's channel, or type `/idea` alone "
    "to choose the team in the form."
)

IDEA = "idea"  # what an idea's post is about (bot.messages.About.kind)


def idea_message(ctx: Context, idea: Idea) -> Text:
    value = str(idea.number)
    return Text(
        posted_line(ctx.ideas, idea),
        buttons=(
            Button("Support", "idea.support", value, "primary"),
            Button("Discuss", "idea.discuss", value),
        ),
    )


def publish(
    ctx: Context,
    text: str,
    *,
    author: Person | None = None,
    team: Team | None = None,
    why: str = "",
    measure: Measure | None = None,
    stored: Callable[[Idea], None] | None = None,
) -> list[Outbound]:
    """Guard, store and announce an idea in its team's channel."""
    text, why = checked(text), checked(why)
    team = team or ctx.team
    if team is None:
        return [ctx.tell(NO_TEAM)]
    problem = refused(ctx, text) or refused(ctx, why)
    if problem:
        return problem
    idea = ctx.ideas.add(
        trust_id=ctx.trust.id,
        team=team,
        author=author or ctx.person,
        text=text,
        now=ctx.now,
        why=why,
        measure=measure,
    )
    ctx.audit("idea.post", f"idea:{idea.number}")
    if stored is not None:
        stored(idea)
    keep_digest_going(ctx.ideas, ctx.trust, ctx.now)
    about = About(IDEA, team.id, subject_id=idea.id)
    message = idea_message(ctx, idea)
    posts: list[Outbound] = list(to_team(ctx, team, message, f"idea:{idea.number}", about))
    here = ctx.event.origin.conversation if ctx.event else None
    if ctx.event and not any(p.to.conversation == here for p in posts if isinstance(p, Post)):
        posts.append(ctx.tell(f"Posted idea #{idea.number} to {team.name}'s channel."))
    return posts


def post_idea(ctx: Context, args: str) -> list[Outbound]:
    """`/idea <text>`; `/idea` alone opens the form."""
    if not args.strip():
        return [ctx.show(idea_form(ctx, ""), private=True)]
    return publish(ctx, args)


def idea_form(ctx: Context, context: str) -> Form:
    fields = [
        Field("what", "Your idea", required=True, multiline=True, max_length=2000),
        Field("why", "Why would it help?", multiline=True, max_length=2000),
    ]
    if ctx.team is None:  # asked away from any team's channel: say which team it is for
        teams = ctx.ideas.open_teams(ctx.trust.id)
        choices = tuple((t.key, t.name) for t in teams)
        fields.append(Field("team", "For which team?", "choice", required=True, choices=choices))
    measures = _measures(ctx)
    if measures:
        choices = tuple((m.key, m.name) for m in measures)
        fields.append(Field("measure", "Which measure might it move?", "choice", choices=choices))
    return Form(
        FORM,
        "Post an improvement idea",
        tuple(fields),
        context,
        "Post idea",
        open_label="Post an idea",
    )


def _measures(ctx: Context) -> list[Measure]:
    return ctx.ideas.active_measures(ctx.team) if ctx.team else []


def submit_form(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    what = checked(values.get("what", ""))
    if not what:
        return [ctx.show(FormErrors(FORM, (("what", "Write the idea first."),)), private=True)]
    team = ctx.team or ctx.ideas.team_keyed(ctx.trust.id, values.get("team", ""))
    if team is None:
        return [ctx.show(FormErrors(FORM, (("team", "Choose the team."),)), private=True)]
    measure = None
    if values.get("measure"):
        measure = ctx.ideas.measure_named(team, values["measure"])
    return publish(ctx, what, why=values.get("why", ""), measure=measure, team=team)


def support_idea(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea support 12` or the Support button: once per person."""
    number = number_in(args)
    if number is None:
        return or_post(ctx, args, "Which idea? Use `/idea support 12`.")
    idea = ctx.ideas.find(ctx.trust.id, number)
    if idea is None:
        return f"There is no idea #{number}."
    if ctx.person is None:
        return "I don't know you yet, so I can't record your support."
    if not ctx.ideas.support(idea, ctx.person, ctx.now):
        return f"You already support idea #{number}. Thank you!"
    ctx.audit("idea.support", f"idea:{number}")
    count = ctx.ideas.support_counts([idea]).get(idea.id, 0)
    return [
        ctx.tell(
            f"Thanks: you support idea #{number}. It now has {count} supporter"
            + ("" if count == 1 else "s")
            + "."
        )
    ]


def discuss(ctx: Context, value: str) -> list[Outbound] | str:
    """The Discuss button: open a thread under the idea's post (the console has no threads)."""
    number = number_in(value)
    idea = ctx.ideas.find(ctx.trust.id, number) if number else None
    if idea is None:
        return "That idea no longer exists."
    assert ctx.event is not None
    o = ctx.event.origin
    head = getattr(ctx.event, "message_id", None) or _posted_at(ctx, idea, o.conversation)
    text = f"Discussion of idea #{idea.number}: {idea.text}\nReply in this thread."
    if o.platform == "console" or head is None:
        return [
            ctx.say(f"Threads aren't available here: discuss idea #{idea.number} in this channel.")
        ]
    where = Address(o.platform, o.workspace, o.conversation, head, reference=o.reference)
    return [Post(where, Text(text), key=f"idea-thread:{idea.number}")]


def _posted_at(ctx: Context, idea: Idea, conversation: str) -> str | None:
    posts = ctx.postings.of_subject((IDEA,), idea.id, conversation)
    return posts[0].posted.message_id if posts else None


def whole_text(ctx: Context) -> str:
    """Everything typed after the command word, as typed (`idea Support staff …`)."""
    event = ctx.event
    if isinstance(event, Command):
        return event.text.strip()
    if isinstance(event, Said):
        found = ctx.routes.as_command(event.text)
        return found[1].strip() if found else event.text.strip()
    return ""


def or_post(ctx: Context, args: str, usage: str) -> list[Outbound] | str:
    """A sub-command word that starts an idea's own text (`idea Show patients …`) posts it."""
    if len(args.split()) >= 3 and whole_text(ctx):
        return publish(ctx, whole_text(ctx))
    return usage
