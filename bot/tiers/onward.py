"""Sending an item on to the trust: a division that cannot fix it says why (`huddle onward 12
<reason>`, or the card's "Send to the trust…" button), and a division raises its own item to the
trust from its channel (`/huddle escalate <text>` there). The trust gets its own response-by; the
team and the division are both told."""

from __future__ import annotations

from collections.abc import Mapping

from bot.addresses import team_addresses
from bot.context import Context
from bot.guard import clean_control
from bot.huddle.access import may_record
from bot.huddle.answers import guarded
from bot.huddle.commands import escalate
from bot.huddle.days import written_at
from bot.huddle.escalate import card, card_edits, elsewhere, keyed, open_item, respond_by
from bot.huddle.respond import asked, checked, item_form
from bot.huddle.tiers import division_reach, how_reached, trust_reach
from bot.messages import Button, Message, Outbound, Text
from bot.stores.tables.core import Division, Team
from bot.stores.tables.huddle import Escalation
from bot.tiers.seats import is_seat

FORM = "huddle.onward"


def onward_button(item: Escalation) -> Button:
    return Button("Send to the trust…", f"open:{FORM}", str(item.id))


def onward_form(ctx: Context, ident: str) -> Message:
    item = ctx.escalations.get(ident) if ident.isdigit() else None
    if item is None:
        return Text(f"There is no escalation #{ident}.")
    why, seen_by = "Why does it need the trust?", "the trust, the team and the division see this"
    reason = asked("reason", why, 1000, seen_by)
    return item_form(item, FORM, f"Send #{item.id} to the trust", reason, "Send to the trust")


def onward_submitted(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    return onward(ctx, context, (values.get("reason") or "").strip())


def onward_command(ctx: Context, args: str) -> list[Outbound]:
    """`huddle onward 12 no side room free across the division`."""
    ident, _, reason = args.strip().partition(" ")
    if not ident:
        return [ctx.tell("Which escalation? Use `huddle onward 12 <why it needs the trust>`.")]
    return onward(ctx, ident, reason)


def onward(ctx: Context, ident: str, reason: str) -> list[Outbound]:
    reason = clean_control(reason).strip()
    item = checked(ctx, ident, "huddle.onward")
    if isinstance(item, list):
        return item
    if item.tier == "trust":
        return [ctx.tell(f"Escalation #{item.id} is already with the trust.")]
    if not reason:
        return [ctx.tell(f"Why does it need the trust? Use `huddle onward {item.id} <reason>`.")]
    refused = guarded(ctx, reason, "huddle.onward")
    if refused:
        return refused
    team = ctx.session.get(Team, item.team_id)
    division = ctx.session.get(Division, item.division_id)
    assert team is not None and division is not None
    who = ctx.person.name if ctx.person else division.name
    item.tier, item.escalated_at, item.onward_reason = "trust", ctx.now, reason
    item.respond_by = respond_by(ctx, team, "trust")
    ctx.escalations.step(item, "sent on", ctx.person.id if ctx.person else None, ctx.now)
    ctx.escalations.cancel_timer(item)
    ctx.audit("huddle.onward", f"escalation:{item.id}")
    heading = f"Escalation #{item.id} from {team.name}, sent on by {division.name}"
    reach = trust_reach(ctx.session, ctx.trust)
    by = written_at(item.respond_by, team.timezone)
    told = Text(
        f"{who} ({division.name}) sent escalation #{item.id} (“{item.text}”) on to the trust: "
        f"“{reason}”. The trust is asked to respond by {by}."
    )
    division_told = division_reach(ctx.session, ctx.trust, division).addresses
    return [
        ctx.say(told.text + how_reached(reach, ctx.trust.name, "/huddle link trust")),
        *keyed(
            "huddle.escalation.trust", item.id, reach.addresses, _trust_card(ctx, item, heading)
        ),
        *keyed(
            "huddle.onward.team", item.id, elsewhere(ctx, team_addresses(ctx.session, team)), told
        ),
        *keyed("huddle.onward.division", item.id, elsewhere(ctx, division_told), told),
        *card_edits(ctx, item, f"Sent on to the trust by {who}: “{reason}”", ()),
    ]


def _trust_card(ctx: Context, item: Escalation, heading: str) -> Text:
    was = card(ctx, item, heading)
    lines = was.text.splitlines()
    return Text(
        "\n".join([lines[0], f"Why the trust: “{item.onward_reason}”", *lines[1:]]),
        heading,
        was.buttons,
    )


def raise_to_trust(ctx: Context, seat: Team, text: str) -> list[Outbound]:
    """A division's own item, raised in its channel, goes straight to the trust."""
    text = clean_control(text).strip()
    refused = may_record(ctx, seat, "huddle.escalate") or guarded(ctx, text, "huddle.escalate")
    if refused:
        return refused
    assert seat.division_id is not None
    item = open_item(ctx, seat, seat.division_id, text, "trust")
    deadline = item.respond_by
    reach = trust_reach(ctx.session, ctx.trust)
    heading = f"Escalation #{item.id} from {seat.name}"
    when = written_at(deadline, seat.timezone)
    reply = (
        f"Escalated to {ctx.trust.name} (#{item.id}): “{text}”. They are asked to respond by "
        f"{when}." + how_reached(reach, ctx.trust.name, "/huddle link trust")
    )
    posts = keyed("huddle.escalation.trust", item.id, reach.addresses, card(ctx, item, heading))
    return [ctx.say(reply), *posts]


def escalate_here(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle escalate <text>`: from a team to its division; typed in a division's channel,
    the division's own item to the trust; the trust is the top tier."""
    seat = ctx.team if is_seat(ctx.team) else None
    if seat is None:
        return escalate(ctx, args)
    if seat.tier == "trust":
        return [ctx.tell("The trust huddle is the top tier: there is nobody above it to raise to.")]
    if not args.strip():
        return [ctx.tell("What should go to the trust? Use `/huddle escalate <text>`.")]
    return raise_to_trust(ctx, seat, args.strip())
