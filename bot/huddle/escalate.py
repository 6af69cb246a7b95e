"""Raising an item to the division, and to the trust once more when it goes unanswered."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.addresses import team_addresses
from bot.context import Context
from bot.guard import clean_control
from bot.huddle.access import may_record
from bot.huddle.answers import guarded
from bot.huddle.days import local_moment, next_working_day, written, written_at
from bot.huddle.escalations import TIMER
from bot.huddle.tiers import division_reach, how_reached, trust_reach
from bot.messages import About, Address, Button, Edit, Outbound, Post, Text
from bot.schedule.bank import bank_holiday
from bot.schedule.timers import set_timer
from bot.stores.tables.core import Division, Person, Team
from bot.stores.tables.huddle import Escalation

log = logging.getLogger(__name__)
CARD, TRUST_CARD = "huddle.escalation", "huddle.escalation.trust"
CARDS = (CARD, TRUST_CARD)  # posted cards, redone when the item's status changes
RESPOND_AT = time(17, 0)  # by the end of the next working day


def keyed(
    kind: str,
    ident: object,
    addresses: list[Address],
    message: Text,
    about: About | None = None,
) -> list[Post]:
    """One post per address; each key is unique so the outbox keeps every one."""
    return [
        Post(a, message, key=f"{kind}:{ident}|{a.platform}:{i}", about=about)
        for i, a in enumerate(addresses)
    ]


def elsewhere(ctx: Context, addresses: list[Address]) -> list[Address]:
    """The addresses other than the conversation we are answering in (it hears the reply)."""
    if ctx.event is None:
        return addresses
    here = (ctx.event.origin.platform, ctx.event.origin.conversation)
    return [a for a in addresses if (a.platform, a.conversation) != here]


def card(ctx: Context, item: Escalation, heading: str) -> Text:
    """The item's card, with its buttons (and what to type instead)."""
    team = ctx.session.get(Team, item.team_id)
    who = ctx.session.get(Person, item.raised_by) if item.raised_by else None
    zone = team.timezone if team else "Europe/London"
    lines = [
        f"“{item.text}”",
        f"Raised by {who.name if who else 'a team member'} at the "
        f"{team.name if team else 'team'} huddle, {written_at(item.raised_at, zone)}.",
        f"Please respond by {written_at(item.respond_by, zone)}.",
    ]
    buttons: tuple[Button, ...] = (
        Button("Acknowledge", "huddle.ack", str(item.id), "primary"),
        Button("Resolve…", "open:huddle.resolve", str(item.id)),
    )
    typed = f"`huddle ack {item.id}` / `huddle resolve {item.id} …`"
    if item.tier == "division":  # the division may send it on to the trust (bot/tiers/onward)
        buttons += (Button("Send to the trust…", "open:huddle.onward", str(item.id)),)
        typed += f" / `huddle onward {item.id} <why>`"
    text = "\n".join(lines) + f"\n(or type {typed})"
    return Text(text, heading, buttons)


def _response_hours(ctx: Context, team: Team, tier: str) -> float | None:
    """The tier's own `response_hours`: at the division, the raising team's setting or else the
    division's; at the trust, the trust's."""
    texts: list[str | None]
    if tier == "trust":
        texts = [ctx.trust.settings_json]
    else:
        division = ctx.session.get(Division, team.division_id) if team.division_id else None
        texts = [team.settings_json, division.settings_json if division else None]
    for text in texts:
        try:
            value = json.loads(text or "{}").get("response_hours")
        except (ValueError, AttributeError):
            continue
        if isinstance(value, int | float) and value > 0:
            return float(value)
    return None


def respond_by(ctx: Context, team: Team, tier: str = "division") -> datetime:
    """By the end of the next working day; or the tier's `response_hours` later, moved off
    weekends and bank holidays."""
    region, zone = ctx.trust.bank_holiday_region, ZoneInfo(team.timezone)
    hours = _response_hours(ctx, team, tier)
    if hours is None:
        day = next_working_day(ctx.local_now(team).date(), region)
        return local_moment(day, RESPOND_AT, team.timezone)
    local = (ctx.now + timedelta(hours=hours)).astimezone(zone)
    while local.weekday() >= 5 or bank_holiday(local.date(), region):
        local += timedelta(days=1)
    return local.astimezone(UTC)


def card_edits(
    ctx: Context, item: Escalation, status: str, buttons: tuple[Button, ...]
) -> list[Edit]:
    """The escalation's posted cards, redone with their new status (and fewer buttons)."""
    rows = ctx.postings.of_subject(CARDS, item.id)
    if not rows:
        return []
    was = card(ctx, item, "")
    team = ctx.session.get(Team, item.team_id)
    heading = f"Escalation #{item.id} from {team.name if team else 'a team'}"
    lines = [line for line in was.text.splitlines() if not line.startswith("(or type")]
    message = Text("\n".join([*lines, status]), heading, buttons)
    return [Edit(row.posted, message) for row in rows]


def open_item(ctx: Context, team: Team, division_id: int, text: str, tier: str) -> Escalation:
    """A new item raised by this team to `tier`: stored with its step, its response-by timer
    set, audited."""
    deadline = respond_by(ctx, team, tier)
    item = Escalation(team_id=team.id, division_id=division_id, text=text, tier=tier)
    item.raised_by = ctx.person.id if ctx.person else None
    item.raised_at, item.respond_by, item.state, item.outcome = ctx.now, deadline, "open", ""
    item.escalated_at = ctx.now if tier == "trust" else None  # raised there: no tier below
    ctx.escalations.add(item)
    set_timer(
        ctx.session,
        TIMER,
        deadline,
        team_id=team.id,
        local_date=deadline.astimezone(ZoneInfo(team.timezone)).date(),
        slot=f"esc-{item.id}",
        ref=f"esc:{item.id}",
        now=ctx.now,
    )
    ctx.audit("huddle.escalate", f"escalation:{item.id}")
    return item


def raise_item(ctx: Context, team: Team, text: str) -> list[Outbound]:
    """Store the item, post it in the division's channel(s), and set its response-by timer."""
    text = clean_control(text).strip()
    if not text:
        return [ctx.tell("What should go to the division? Use `/huddle escalate <text>`.")]
    refused = may_record(ctx, team, "huddle.escalate") or guarded(ctx, text, "huddle.escalate")
    if refused:
        return refused
    division = ctx.session.get(Division, team.division_id)
    assert division is not None
    item = open_item(ctx, team, division.id, text, "division")
    heading = f"Escalation #{item.id} from {team.name}"
    reach = division_reach(ctx.session, ctx.trust, division)
    posts: list[Outbound] = list(
        keyed(
            CARD,
            item.id,
            reach.addresses,
            card(ctx, item, heading),
            About(CARD, item.team_id, subject_id=item.id),
        )
    )
    when = written_at(item.respond_by, team.timezone)
    reply = (
        f"Escalated to {division.name} (#{item.id}): “{text}”. They are asked to respond by {when}."
    )
    reply += how_reached(reach, division.name, f"/huddle link {division.key}")
    return [ctx.say(reply), *posts]


def overdue(ctx: Context, due) -> list[Post]:  # type: ignore[no-untyped-def]
    """The response-by time passed: if nobody answered, raise it once more, to the trust."""
    item = ctx.escalations.get(due.ref.removeprefix("esc:"))
    if item is None or item.state != "open" or item.escalated_at is not None:
        return []
    team = ctx.session.get(Team, item.team_id)
    division = ctx.session.get(Division, item.division_id)
    assert team is not None and division is not None
    when = written(item.respond_by.astimezone(ctx.local_now(team).tzinfo).date())
    # The trust is a new tier with its own time to answer: the division's has already passed.
    item.tier, item.escalated_at = "trust", ctx.now
    item.respond_by = respond_by(ctx, team, "trust")
    ctx.escalations.step(item, "escalated", None, ctx.now)
    heading = f"Escalation #{item.id} from {team.name}: not answered by {division.name}"
    reach = trust_reach(ctx.session, ctx.trust)
    if reach.nobody:
        log.warning("escalation %s: the trust has no channel and no leader to tell", item.id)
    trust_posts = keyed(
        TRUST_CARD,
        item.id,
        reach.addresses,
        card(ctx, item, heading),
        About(TRUST_CARD, item.team_id, subject_id=item.id),
    )
    told = Text(
        f"Escalation #{item.id} (“{item.text}”) had no answer by {when}, so it has now gone "
        f"to the trust, who are asked to respond by {written_at(item.respond_by, team.timezone)}."
    )
    division_told = division_reach(ctx.session, ctx.trust, division).addresses
    return [
        *trust_posts,
        *keyed("huddle.escalation.late", item.id, division_told, told),
        *keyed("huddle.escalation.late.team", item.id, team_addresses(ctx.session, team), told),
    ]
