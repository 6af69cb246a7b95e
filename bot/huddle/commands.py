"""`/huddle …` and plain-text answers: which team and day; then record, open the form, escalate."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.events import Said
from bot.huddle.access import day_refused, may_record, which_team
from bot.huddle.answers import record_text
from bot.huddle.days import split_day
from bot.huddle.escalate import raise_item
from bot.huddle.form import build, context_for
from bot.huddle.parse import looks_like_answer
from bot.huddle.prompt import PROMPT_KEYS
from bot.messages import Form, Outbound
from bot.stores.postings import Prompted
from bot.stores.tables.core import Team


def huddle(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle` (the form), `/huddle yesterday`, `/huddle 2027-03-01 falls 1`, `/huddle falls 1`.

    A day alone opens the form for that day; values after it are recorded at once.
    """
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    today = ctx.local_now(team).date()
    day, rest = split_day(args, today)
    if rest:
        return record_text(ctx, team, day or today, rest)
    return open_form(ctx, team, day or today)


def open_form(ctx: Context, team: Team, day: date) -> list[Outbound]:
    refused = may_record(ctx, team, "huddle.form") or day_refused(ctx, team, day)
    if refused:
        return refused
    form = build(ctx, context_for(team, day))
    return [ctx.show(form, private=True)] if isinstance(form, Form) else [ctx.tell(str(form))]


def escalate(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle escalate <what needs the division's help>`."""
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    if not args.strip():
        return [ctx.tell("What should go to the division? Use `/huddle escalate <text>`.")]
    return raise_item(ctx, team, args.strip())


def _prompt_target(ctx: Context, event: Said) -> Prompted | None:
    """The team and day of the prompt (or reminder) this message replies to, if it does."""
    o = event.origin
    if not o.thread:
        return None
    return ctx.postings.prompt_answered(
        o.platform, o.conversation, o.thread, PROMPT_KEYS, ctx.trust.id
    )


def heard(ctx: Context, event: Said) -> list[Outbound] | None:
    """A plain message that answers the huddle; None when it is not one."""
    target = _prompt_target(ctx, event)
    if target is None and not event.origin.thread:
        console_channel = event.origin.platform == "console" and not event.origin.private
        if console_channel and ctx.team is not None:
            target = Prompted(ctx.team, ctx.local_now(ctx.team).date())
    if target is not None:
        if not ctx.actor.member_of(target.team) and not looks_like_answer(event.text):
            return None  # someone from outside the team chatting: not an answer to refuse
        return record_text(ctx, target.team, target.day, event.text)
    if event.origin.thread:
        return None  # a thread under something else: not ours
    if (event.origin.private or event.mentioned_bot) and looks_like_answer(event.text):
        team = which_team(ctx)
        if isinstance(team, str):
            return [ctx.tell(team)]
        return record_text(ctx, team, ctx.local_now(team).date(), event.text)
    return None
