"""The tier-2 (division) and tier-3 (trust) huddle prompt, at the tier's huddle time in its
channel: open escalations with age and response-by (overdue first), who held their huddle
today, signals since the tier last met, and the tier's own measures to record.

With no channel the prompt goes to the tier's leads by direct message, else to the trust admins
(as escalations do), so it is never lost."""

from __future__ import annotations

from bot.addresses import team_addresses
from bot.context import Context
from bot.huddle.days import written
from bot.huddle.escalate import keyed
from bot.huddle.form import context_for
from bot.huddle.kinds import kind_of
from bot.huddle.measures import answered_measures, label
from bot.huddle.prompt import compose_prompt
from bot.huddle.tiers import division_reach, trust_reach
from bot.huddle.values import accepted
from bot.messages import Button, Post, Text
from bot.schedule import Due
from bot.stores.tables.core import Division, Measure, Team
from bot.tiers.review import escalation_lines, held_lines, signal_lines, tier_word
from bot.tiers.seats import is_seat

ANSWERS = (
    "Answer an escalation with `huddle ack 12`, `huddle resolve 12 <what was done>` "
    "(the team hears “you said, we did”)"
)


def _line(measure: Measure) -> str:
    return f"• {measure.name} ({label(measure)}): {accepted(measure)}"


def review_text(ctx: Context, seat: Team) -> list[str]:
    """The escalations, huddles held and signals sections (also on the tier's board)."""
    today = ctx.local_now(seat).date()
    items = escalation_lines(ctx.session, seat, ctx.now)
    lines = [
        f"Open escalations ({len(items)}, overdue first):" if items else "Open escalations: none"
    ]
    lines += [f"• {line}" for line in items]
    lines += held_lines(ctx.session, seat, ctx.trust, today)
    heading, signals = signal_lines(ctx.session, seat, today)
    lines.append(f"{heading}:" + ("" if signals else " none"))
    lines += [f"• {line}" for line in signals]
    return lines


def compose_tier_prompt(ctx: Context, due: Due, seat: Team) -> list[Post]:
    """For `huddle.prompt` when the due team is a tier's seat."""
    lines = review_text(ctx, seat)
    if seat.tier == "division":
        lines.append(ANSWERS + ", or `huddle onward 12 <why>` to send it on to the trust.")
    else:
        lines.append(ANSWERS + ".")
    measures = answered_measures(ctx.session, seat)
    context = context_for(seat, due.local_date)
    buttons: tuple[Button, ...] = ()
    if measures:
        example = ", ".join(f"{label(m)} {kind_of(m).example}" for m in measures[:2])
        lines += ["To record:", *map(_line, measures)]
        lines.append(
            f"Reply here with e.g. `{example}`, press Record, "
            "or `/huddle none` if there is nothing to record."
        )
        buttons = (Button("Record", "open:huddle", context, "primary"),)
    else:
        lines.append("`/huddle none` marks the huddle held.")
    buttons += (
        Button("Huddle held" if not measures else "Nothing to record", "huddle.none", context),
    )
    heading = f"{seat.name} {tier_word(seat)} huddle, {written(due.local_date)} {due.slot}"
    message = Text("\n".join(lines), heading=heading, buttons=buttons)
    places = ctx.reachable(team_addresses(ctx.session, seat))
    if not places:
        if seat.tier == "division":
            division = ctx.session.get(Division, seat.division_id)
            reach = division_reach(ctx.session, ctx.trust, division) if division else None
        else:
            reach = trust_reach(ctx.session, ctx.trust)
        places = ctx.reachable(reach.addresses) if reach else []
    return keyed("huddle.prompt", f"{seat.key}:{due.local_date}:{due.slot}", places, message)


def compose_prompt_here(ctx: Context, due: Due) -> list[Post]:
    """`huddle.prompt`: a tier's seat gets the tier prompt, a team its huddle prompt."""
    seat = ctx.team or (ctx.session.get(Team, due.team_id) if due.team_id else None)
    if is_seat(seat):
        assert seat is not None
        return compose_tier_prompt(ctx, due, seat)
    return compose_prompt(ctx, due)
