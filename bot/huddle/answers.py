"""Recording plain text (`falls 1, staffing 92%, mood 4`): save what is valid, explain the rest."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.guard import check_text, clean_control
from bot.huddle import ballot
from bot.huddle.access import day_refused, may_record
from bot.huddle.confirm import after_record, confirmation, problems_text
from bot.huddle.feed import fed
from bot.huddle.kinds import Typed, kind_of
from bot.huddle.measures import answered_measures, find, label, listing
from bot.huddle.parse import pairs
from bot.huddle.record import Saved, save
from bot.huddle.values import Problem, check
from bot.messages import Outbound
from bot.stores.tables.core import Measure, Team


def hint(measures: list[Measure]) -> str:
    example = ", ".join(f"{label(m)} {_example(m)}" for m in measures[:3])
    return (
        f"To record the huddle, reply like `{example}` (measures: {listing(measures)}), "
        "or `/huddle none` if there is nothing to record."
    )


def _example(measure: Measure) -> str:
    return kind_of(measure).example


def confirmed(ctx: Context, team: Team, day: date, saved: list[Saved]) -> list[Outbound]:
    """The confirmation everyone sees (never an anonymous answer), and a private word to the
    person for an anonymous one."""
    shared, secret = ballot.split(saved)
    replies: list[Outbound] = []
    if shared:
        lines = [confirmation(team, day, shared), *after_record(ctx, team, day, shared)]
        replies.append(ctx.say("\n".join(lines)))
    if secret:
        replies.append(ctx.tell(ballot.noted(secret)))
    return replies


def guarded(ctx: Context, text: str, action: str) -> list[Outbound] | None:
    """The private refusal when `text` holds patient details (nothing stored or echoed)."""
    refusal = check_text(text, ctx.trust.hospital_number_pattern, today=ctx.now.date())
    if refusal is None:
        return None
    ctx.audit(action, "", "refused")
    return [ctx.tell(refusal.reason)]


def record_text(
    ctx: Context, team: Team, day: date, text: str, source: str = "chat"
) -> list[Outbound]:
    """Save every valid value in `text` for `day`; one reply saying what was and was not."""
    text = clean_control(text)
    refused = may_record(ctx, team) or guarded(ctx, text, "huddle.record")
    if refused:
        return refused
    today = ctx.local_now(team).date()
    not_now = day_refused(ctx, team, day)
    if not_now:
        return not_now
    measures = answered_measures(ctx.session, team)
    found, orphans = pairs(text)
    chosen: dict[int, tuple[Measure, Typed]] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    typed = {
        match[0].key: pair.value
        for pair in found
        if pair.value and len(match := find(pair.name, measures)) == 1
    }
    for pair in found:
        matches = find(pair.name, measures)
        if not matches:
            unknown.append(pair.name)
        elif len(matches) > 1:
            names = " or ".join(label(m) for m in matches)
            problems.append(Problem(None, f"'{pair.name}' could be {names}: please say which"))
        elif not pair.value:
            problems.append(Problem(matches[0], f"{label(matches[0])} has no value after it"))
        else:
            result = check(matches[0], fed(ctx.session, matches[0], day, pair.value, typed))
            if isinstance(result, Problem):
                problems.append(result)
            else:
                chosen[matches[0].id] = (matches[0], result)
    problems += [Problem(None, f"'{value}' has no measure name before it") for value in orphans]
    if not chosen and not problems and not any(p.value for p in found):
        return [ctx.tell(hint(measures))]
    kept, refusals = ballot.sort_out(ctx, team, day, list(chosen.values()))
    replies: list[Outbound] = []
    if kept:
        assert ctx.person is not None  # may_record let only members through
        saved = save(
            ctx.session, team, ctx.person, day, kept, ctx.now, today, source, ctx.anonymous_key
        )
        ctx.audit("huddle.record", f"team:{team.id}")
        replies += confirmed(ctx, team, day, saved)
    notes = "\n".join([*refusals, problems_text(problems)]).strip()
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        notes += (
            "\n" if notes else ""
        ) + f"I don't know {names}. {team.name}'s measures are: {listing(measures)}."
    if notes:
        replies.append(ctx.tell(notes))
    return replies
