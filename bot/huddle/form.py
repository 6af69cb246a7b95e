"""The huddle form: one typed, bounded field per measure and "Anything to escalate?"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.context import Context
from bot.huddle import anonymous, ballot
from bot.huddle.access import day_refused, may_record, which_team
from bot.huddle.answers import confirmed, guarded
from bot.huddle.days import written
from bot.huddle.escalate import raise_item
from bot.huddle.feed import fed
from bot.huddle.kinds import Typed, kind_of
from bot.huddle.measures import answered_measures
from bot.huddle.record import save
from bot.huddle.teams import team_by_key
from bot.huddle.values import Problem, check, typed_of
from bot.messages import Field, Form, FormErrors, Message, Outbound, Text
from bot.stores.tables.core import Measure, Team

FORM = "huddle"


def context_for(team: Team, day: date) -> str:
    return f"{team.key}|{day.isoformat()}"


def _field(ctx: Context, measure: Measure, day: date) -> Field:
    """The measure's form field, as its kind draws it, prefilled with the day's value."""
    kind = kind_of(measure)
    lo, hi = kind.bounds(measure)
    hint = kind.hint(measure)
    if measure.anonymous:
        hint = (hint + ", " if hint else "") + (
            "anonymous: only the day's average is shown, after midnight, from 5 answers"
        )
    now = None if measure.anonymous else ctx.readings.current(measure, day)
    return Field(
        key=measure.key,
        label=measure.name,
        kind=kind.field,
        minimum=lo,
        maximum=hi,
        hint=hint,
        initial=kind.initial(typed_of(now)) if now is not None else "",
    )


def build(ctx: Context, context: str) -> Message:
    """The form for the team and day in `context` (or this conversation's team, today)."""
    found = _target(ctx, context)
    if isinstance(found, str):
        return Text(found)
    team, day = found
    refused = may_record(ctx, team, "huddle.form")
    if refused:
        return refused[0].message
    open_day = anonymous.open_day(team, ctx.now)  # a closed day takes no anonymous answer
    measures = [
        m for m in answered_measures(ctx.session, team) if day == open_day or not m.anonymous
    ]
    fields = [_field(ctx, m, day) for m in measures]
    fields.append(
        Field(
            "escalate",
            "Anything to escalate?",
            "text",
            multiline=True,
            max_length=2000,
            hint="optional: goes to the division with a response-by time",
        )
    )
    return Form(
        form=FORM,
        title=f"Huddle, {written(day)}",
        fields=tuple(fields),
        context=context_for(team, day),
        submit="Record",
        intro=f"{team.name}'s huddle for {written(day)}. Leave blank what you don't know.",
        open_label="Record huddle",
    )


def _target(ctx: Context, context: str) -> tuple[Team, date] | str:
    key, _, day_text = context.partition("|")
    if key:
        team = team_by_key(ctx.session, ctx.trust.id, key)
        if team is None:
            return "That team no longer exists."
    else:
        chosen = which_team(ctx)
        if isinstance(chosen, str):
            return chosen
        team = chosen
    try:
        day = date.fromisoformat(day_text) if day_text else ctx.local_now(team).date()
    except ValueError:
        day = ctx.local_now(team).date()
    return team, day


def submitted(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    """Check every field; on any error show them beside the fields and save nothing."""
    found = _target(ctx, context)
    if isinstance(found, str):
        return [ctx.tell(found)]
    team, day = found
    refused = may_record(ctx, team) or day_refused(ctx, team, day)
    if refused:
        return refused
    chosen: list[tuple[Measure, Typed]] = []
    errors: list[tuple[str, str]] = []
    for measure in answered_measures(ctx.session, team):
        raw = (values.get(measure.key) or "").strip()
        if raw:
            result = check(measure, fed(ctx.session, measure, day, raw, values))
            if isinstance(result, Problem):
                errors.append((measure.key, result.text[:1].upper() + result.text[1:] + "."))
            else:
                chosen.append((measure, result))
    note = (values.get("escalate") or "").strip()
    if note:
        refused = guarded(ctx, note, "huddle.escalate")
        if refused:
            why = refused[0].message
            text = why.text if isinstance(why, Text) else "Patient details are not allowed."
            return [ctx.show(FormErrors(FORM, (("escalate", text),), text), private=True)]
    if errors:
        return [
            ctx.show(
                FormErrors(FORM, tuple(errors), "Please correct the values marked."), private=True
            )
        ]
    if not chosen and not note:
        return [
            ctx.tell(
                "Nothing was filled in, so nothing was saved. "
                "Use `/huddle none` if there is nothing to record."
            )
        ]
    kept, refusals = ballot.sort_out(ctx, team, day, chosen)
    replies: list[Outbound] = [ctx.tell(note) for note in refusals]
    if kept:
        today = ctx.local_now(team).date()
        assert ctx.person is not None  # may_record let only members through
        saved = save(
            ctx.session, team, ctx.person, day, kept, ctx.now, today, "form", ctx.anonymous_key
        )
        ctx.audit("huddle.record", f"team:{team.id}")
        replies += confirmed(ctx, team, day, saved)
    if note:
        replies += raise_item(ctx, team, note)
    return replies
