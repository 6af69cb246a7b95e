"""Answering escalations: acknowledge, resolve with a note (the team hears the outcome), list."""

from __future__ import annotations

from collections.abc import Mapping

from bot.addresses import team_addresses
from bot.context import Context
from bot.guard import clean_control
from bot.huddle.access import may_answer, visible_team_ids
from bot.huddle.answers import guarded
from bot.huddle.days import written_at
from bot.huddle.escalate import card, card_edits, elsewhere, keyed
from bot.huddle.tiers import tier_name
from bot.messages import Field, Form, Message, Outbound, Text
from bot.stores.tables.core import Division, Team
from bot.stores.tables.huddle import Escalation

RESOLVE_FORM = "huddle.resolve"


def _item(ctx: Context, ident: str) -> Escalation | str:
    item = ctx.escalations.get(ident)
    if item is None:
        return (
            f"There is no escalation #{ident.strip().lstrip('#')}. "
            "`/huddle escalations` lists the open ones."
        )
    return item


def checked(ctx: Context, ident: str, action: str) -> Escalation | list[Outbound]:
    item = _item(ctx, ident)
    if isinstance(item, str):
        return [ctx.tell(item)]
    why = may_answer(ctx, item, action)
    if why:
        return ctx.refuse(action, f"escalation:{item.id}", why)
    if item.state == "resolved":
        return [ctx.tell(f"Escalation #{item.id} is already resolved: “{item.outcome}”.")]
    return item


def acknowledge(ctx: Context, ident: str) -> list[Outbound]:
    """`huddle ack 12` or the Acknowledge button: the raising team hears it has been seen."""
    item = checked(ctx, ident, "huddle.ack")
    if isinstance(item, list):
        return item
    if item.state == "acknowledged":
        return [ctx.tell(f"Escalation #{item.id} was already acknowledged.")]
    item.state, item.acknowledged_at = "acknowledged", ctx.now
    item.acknowledged_by = ctx.person.id if ctx.person else None
    ctx.escalations.step(item, "acknowledged", item.acknowledged_by, ctx.now)
    ctx.audit("huddle.ack", f"escalation:{item.id}")
    team = ctx.session.get(Team, item.team_id)
    assert team is not None
    who = ctx.person.name if ctx.person else "the division"
    seen = Text(f"{who} has acknowledged your escalation #{item.id}: “{item.text}”.")
    return [
        ctx.say(f"Escalation #{item.id} acknowledged by {who}. Told {team.name}: {seen.text}"),
        *keyed(
            "huddle.escalation.ack",
            item.id,
            elsewhere(ctx, team_addresses(ctx.session, team)),
            seen,
        ),
        *card_edits(
            ctx,
            item,
            f"Acknowledged by {who}.",
            tuple(b for b in card(ctx, item, "").buttons if b.action != "huddle.ack"),
        ),
    ]


def asked(name: str, question: str, max_length: int, hint: str) -> Field:
    """A required free-text field of a form about an item."""
    return Field(
        name, question, "text", required=True, multiline=True, max_length=max_length, hint=hint
    )


def item_form(item: Escalation, form: str, title: str, field: Field, submit: str) -> Form:
    """A one-field form about an item (resolve it, send it on), opened by `submit…`."""
    return Form(
        form=form,
        title=title,
        fields=(field,),
        context=str(item.id),
        submit=submit,
        intro=f"“{item.text}”",
        open_label=f"{submit}…",
    )


def resolve_form(ctx: Context, ident: str) -> Message:
    item = _item(ctx, ident)
    if isinstance(item, str):
        return Text(item)
    note = asked("note", "What was done?", 2000, "the raising team sees this")
    return item_form(item, RESOLVE_FORM, f"Resolve #{item.id}", note, "Resolve")


def resolve_submitted(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    return resolve(ctx, context, (values.get("note") or "").strip())


def resolve_command(ctx: Context, args: str) -> list[Outbound]:
    """`huddle resolve 12 new hoist ordered, arrives Thursday`."""
    ident, _, note = args.strip().partition(" ")
    return resolve(ctx, ident, note.strip())


def resolve(ctx: Context, ident: str, note: str) -> list[Outbound]:
    note = clean_control(note).strip()
    item = checked(ctx, ident, "huddle.resolve")
    if isinstance(item, list):
        return item
    if not note:
        return [ctx.tell(f"What was done? Use `huddle resolve {item.id} <what was done>`.")]
    refused = guarded(ctx, note, "huddle.resolve")
    if refused:
        return refused
    item.state, item.resolved_at, item.outcome = "resolved", ctx.now, note
    item.resolved_by = ctx.person.id if ctx.person else None
    ctx.escalations.step(item, "resolved", item.resolved_by, ctx.now)
    ctx.audit("huddle.resolve", f"escalation:{item.id}")
    ctx.escalations.cancel_timer(item)
    team = ctx.session.get(Team, item.team_id)
    division = ctx.session.get(Division, item.division_id)
    assert team is not None and division is not None
    tier = tier_name(ctx.trust, division, item.tier)
    outcome = Text(
        f"You said: “{item.text}” — we did: “{note}” ({tier}, "
        f"{ctx.person.name if ctx.person else 'a leader'})."
    )
    return [
        ctx.say(f"Escalation #{item.id} resolved. Told {team.name}: {outcome.text}"),
        *keyed(
            "huddle.escalation.outcome",
            item.id,
            elsewhere(ctx, team_addresses(ctx.session, team)),
            outcome,
        ),
        *card_edits(ctx, item, f"Resolved: “{note}”", ()),
    ]


def listing(ctx: Context, args: str) -> str:
    """`/huddle escalations`: the open items for the teams this person may see."""
    teams = visible_team_ids(ctx)
    if teams is not None and not teams:
        return "You are not in any team, so there are no escalations for you to see."
    items = ctx.escalations.open(teams)
    if not items:
        return "No open escalations."
    lines = ["Open escalations:"]
    for item in items:
        team = ctx.session.get(Team, item.team_id)
        name, zone = (team.name, team.timezone) if team else ("?", ctx.trust.timezone)
        state = "acknowledged" if item.state == "acknowledged" else "waiting"
        tier = " (now with the trust)" if item.tier == "trust" else ""
        lines.append(
            f"#{item.id} {name}: “{item.text}” — {state}{tier}, respond by "
            f"{written_at(item.respond_by, zone)}"
        )
    return "\n".join(lines)
