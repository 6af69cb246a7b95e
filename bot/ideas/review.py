"""The review of a test of change: the owner's prompt on the review date (once, through the
scheduler), and recording what was learned and what next (adopt, adapt or abandon)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.addresses import addresses_of, team_addresses
from bot.context import Context
from bot.ideas.lifecycle import may_change, move
from bot.ideas.post import or_post
from bot.ideas.tell import checked, refused
from bot.ideas.words import number_in, options, short, when
from bot.messages import Button, Field, Form, FormErrors, Outbound, Post, Text
from bot.people import team_leads
from bot.schedule import Due

FORM = "idea.review"
STEPS = {"adopt": "adopted", "adapt": "reviewing", "abandon": "not_adopted"}
USAGE = "Use `/idea review 12 adopt|adapt|abandon <what you learned>`."


def compose_review(ctx: Context, due: Due) -> list[Post]:
    """On the review date: ask the owner (or the team's leads) what the test showed."""
    ref, _, platform = due.ref.partition("@")
    number = number_in(ref.removeprefix("idea:"))
    idea = ctx.ideas.find(ctx.trust.id, number) if number else None
    if idea is None or idea.status != "testing":
        return []
    team = ctx.ideas.team_of(idea)
    ids = [idea.owner_id] if idea.owner_id else [p.id for p in team_leads(ctx.session, team)]
    places = [a for i in ids for a in addresses_of(ctx.session, "person", i)]
    places = [a for a in places if a.platform == platform] or places
    places = places or team_addresses(ctx.session, team)
    text = (
        f"Idea #{idea.number} ({short(idea.text)}) has been tested since "
        f"{when(idea.test_start)}, and today is its review date. What did you learn, and what "
        f"next: adopt, adapt or abandon?\nPress the button, or type "
        f"`/idea review {idea.number} adopt <what you learned>`."
    )
    button = Button("Record the review", f"open:{FORM}", str(idea.number), "primary")
    message = Text(text, "Time to review a test of change", (button,))
    return [Post(a, message, key=f"idea-review:{idea.number}:{i}") for i, a in enumerate(places)]


def review_form(ctx: Context, context: str) -> Form:
    number = number_in(context) or 0
    choices = (
        ("adopt", "Adopt it"),
        ("adapt", "Adapt it and test again"),
        ("abandon", "Abandon it"),
    )
    fields = (
        Field("study", "What did you learn?", required=True, multiline=True, max_length=2000),
        Field("next", "What next?", "choice", required=True, choices=choices),
    )
    return Form(
        FORM,
        f"Review of idea #{number}",
        fields,
        str(number),
        "Record review",
        open_label="Record the review",
    )


def submit_review(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound] | str:
    errors = []
    if not checked(values.get("study", "")):
        errors.append(("study", "Say what you learned."))
    if values.get("next", "") not in STEPS:
        errors.append(("next", "Choose adopt, adapt or abandon."))
    if errors:
        return [ctx.show(FormErrors(FORM, tuple(errors)), private=True)]
    return record(ctx, number_in(context), values["next"], values["study"])


def review_command(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea review 12 adopt Falls halved` or `/idea review 12 next=adopt learned=…`"""
    number = number_in(args)
    if number is None:
        return or_post(ctx, args, USAGE)
    opts, free = options(args.split(maxsplit=1)[1] if len(args.split()) > 1 else "")
    step = opts.get("next", "").split()[0].lower() if opts.get("next") else ""
    head, _, rest = free.partition(" ")
    if not step and head.lower() in STEPS:
        step, free = head.lower(), rest.strip()
    study = opts.get("learned") or opts.get("study") or free
    if step not in STEPS:
        return USAGE
    if not study.strip():
        return f"What did you learn? Use `/idea review {number} {step} <what you learned>`."
    return record(ctx, number, step, study)


def record(ctx: Context, number: int | None, step: str, study: str) -> list[Outbound] | str:
    idea = ctx.ideas.find(ctx.trust.id, number) if number else None
    if idea is None:
        return f"There is no idea #{number}."
    if idea.status != "testing":
        return f"Idea #{idea.number} is not being tested, so there is nothing to review."
    if not may_change(ctx, idea):
        return ctx.refuse(
            "idea.review",
            f"idea:{idea.number}",
            f"Only idea #{idea.number}'s owner, the team lead or an improvement "
            "lead can record its review.",
        )
    study = checked(study)
    problem = refused(ctx, study, "review")
    if problem:
        return problem
    idea.study, idea.next_step = study, step
    ctx.ideas.note_change(
        idea,
        ctx.person,
        ctx.now,
        "testing",
        "testing",
        f"review: {step}; learned: {study}",
    )
    return move(ctx, idea, STEPS[step], {}, f"review: {step}")
