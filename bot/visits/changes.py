"""Declining and swapping a visit in chat: only a leader on it or a trust admin; the rota repairs
itself (another leader, a nearby date, or the area named as uncovered) and reminders follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.context import Context
from bot.messages import Outbound
from bot.people import admins
from bot.schedule.visit_timers import (
    schedule_leader,
    schedule_visit,
    unschedule_leader,
    unschedule_visit,
)
from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit
from bot.visits.model import PlannedVisit, VisitChangeRefused
from bot.visits.repair import repair_after_decline, swap
from bot.visits.setup import NO_SETUP, VisitSetup, load_setup
from bot.visits.store import as_planned, joined, names, split
from bot.visits.tell import cleaned, is_on_visit, may_change, refused, to_person, update_team
from bot.visits.words import number_in, visit_line, when, who

DECLINE_USAGE = "Use `/visit decline 14 <reason>`."
SWAP_USAGE = "Use `/visit swap 14 with <leader's name>`."


@dataclass
class Change:
    """A visit someone wants to change, with what the repair needs."""

    visit: Visit
    team: Team
    setup: VisitSetup
    today: date


def _open(ctx: Context, number: int | None, action: str, usage: str) -> Change | list[Outbound]:
    if number is None:
        return [ctx.tell(usage)]
    setup = load_setup(ctx.visits, ctx.trust)
    if setup is None:
        return [ctx.tell(NO_SETUP)]
    visit = ctx.visits.find(ctx.trust.id, number)
    if visit is None or visit.status not in ("planned", "done"):
        return [ctx.tell(f"There is no planned visit {number}.")]
    team = ctx.visits.team(visit.team_id)
    assert team is not None
    today = ctx.local_now(team).date()
    if not may_change(ctx, visit):
        return ctx.refuse(
            f"visit.{action}",
            f"visit:{number}",
            f"Only the leaders on visit {number} ({', '.join(names(visit))}) or a trust admin "
            f"can {action} it.",
        )
    if visit.status != "planned" or visit.day < today:
        return [ctx.tell(f"Visit {number} was on {when(visit)}; it can't be changed now.")]
    return Change(visit, team, setup, today)


def _whose(ctx: Context, visit: Visit, text: str) -> tuple[str | None, str]:
    """Which leader on the visit this is for: the speaker, or (for an admin) a named one or the
    only one; and the rest of the text."""
    if is_on_visit(ctx, visit) and ctx.person is not None:
        return ctx.person.name, text
    for name in names(visit):
        for lead in (f"for {name}", name):
            if text.lower().startswith(lead.lower()):
                return name, text[len(lead) :].strip(" :,")
    only = names(visit)
    return (only[0], text) if len(only) == 1 else (None, text)


def decline(ctx: Context, args: str) -> list[Outbound]:
    """`/visit decline 14 <reason>`."""
    number, rest = number_in(args)
    found = _open(ctx, number, "decline", DECLINE_USAGE)
    if not isinstance(found, Change):
        return found
    leader, reason = _whose(ctx, found.visit, rest)
    if leader is None:
        return [ctx.tell(f"Whose place? Use `/visit decline {number} for <leader> <reason>`.")]
    return declined(ctx, found, leader, cleaned(reason))


def declined(ctx: Context, change: Change, leader: str, reason: str) -> list[Outbound]:
    """Take `leader` off the visit and repair the rota for the area."""
    if not reason:
        return [ctx.tell(f"Please give a reason: `/visit decline {change.visit.number} <reason>`.")]
    problem = refused(ctx, reason, "reason")
    if problem:
        return problem
    visit, team, setup = change.visit, change.team, change.setup
    coming, history = split(ctx.visits.rota(ctx.trust.id), change.today)
    planned = [v.planned for v in coming]
    target = as_planned(visit, team.key)
    holidays = setup.bank_holidays(change.today, change.today + timedelta(days=400))
    try:
        repaired, message = repair_after_decline(
            planned,
            target,
            leader,
            setup.leaders,
            setup.rules,
            holidays,
            history,
            today=change.today,
            areas=[a.key for a in setup.areas],
        )
    except VisitChangeRefused as why:
        return [ctx.tell(str(why))]
    message = message.replace(f" {team.key} ", f" {team.name} ")  # the planner speaks in keys
    left = list(repaired)
    for other in planned:
        if other != target and other in left:
            left.remove(other)
    ctx.visits.note_change(visit, ctx.person, ctx.now, "declined", f"{leader}: {reason}")
    ctx.audit("visit.decline", f"visit:{visit.number}")
    was = set(names(visit))
    outbound: list[Outbound] = []
    if not left:
        outbound += update_team(
            ctx, visit, team, f"The leadership visit on {when(visit)} will not go ahead."
        )
        unschedule_visit(ctx.session, visit)
        visit.status = "declined"
        for admin in admins(ctx.session, ctx.trust.id):
            outbound += to_person(ctx, admin.id, f"Visit {visit.number} was declined. {message}")
    else:
        before = when(visit)
        _move(ctx, change, left[0], leader)
        moved = "" if when(visit) == before else f" (it was {before})"
        now_text = f"{who(visit)} will now visit on {when(visit)}{moved}, in place of {leader}."
        outbound += update_team(ctx, visit, team, now_text)
        for name in set(left[0].leaders) - was:
            person = ctx.visits.person_named(ctx.trust.id, name)
            if person is not None:
                outbound += to_person(
                    ctx,
                    person.id,
                    f"You are now on {visit_line(visit, team)} (in place of {leader}). "
                    "You'll have the pre-visit pack before it.",
                    "A leadership visit for you",
                )
    return [ctx.tell(f"Visit {visit.number}: {leader} declined. {message}"), *outbound]


def _move(ctx: Context, change: Change, repaired: PlannedVisit, leader: str) -> None:
    """Store the repaired visit and move its reminders."""
    visit, team, duration = change.visit, change.team, change.setup.duration_minutes
    if repaired.date != visit.day:
        unschedule_visit(ctx.session, visit)
        ctx.visits.note_change(visit, ctx.person, ctx.now, "moved", f"from {visit.day}")
        visit.day, visit.leaders = repaired.date, joined(repaired.leaders)
        schedule_visit(ctx.session, visit, team, ctx.now, duration)
        return
    gone = ctx.visits.person_named(ctx.trust.id, leader)
    if gone is not None:
        unschedule_leader(ctx.session, visit, gone.id)
    added = [n for n in repaired.leaders if n not in names(visit)]
    visit.leaders = joined(repaired.leaders)
    for name in added:
        person = ctx.visits.person_named(ctx.trust.id, name)
        if person is not None:
            schedule_leader(ctx.session, visit, team, person.id, ctx.now, duration)


def swap_command(ctx: Context, args: str) -> list[Outbound]:
    """`/visit swap 14 with Demo Chair` (an admin: `/visit swap 14 Demo Director with …`)."""
    number, rest = number_in(args)
    before, sep, after = rest.lower().partition("with ")
    if not sep or not after.strip():
        return [ctx.tell(SWAP_USAGE)]
    found = _open(ctx, number, "swap", SWAP_USAGE)
    if not isinstance(found, Change):
        return found
    leader, _ = _whose(ctx, found.visit, rest[: len(before)].strip())
    if leader is None:
        return [ctx.tell(f"Whose place? Use `/visit swap {number} <leader> with <name>`.")]
    incoming = found.setup.leader(rest[len(before) + len(sep) :])
    if incoming is None:
        return [ctx.tell(f"{rest[len(before) + len(sep) :].strip()} is not on the visits rota.")]
    return swapped(ctx, found, leader, incoming.name)


def swapped(ctx: Context, change: Change, leader: str, incoming: str) -> list[Outbound]:
    visit, team, setup = change.visit, change.team, change.setup
    coming, history = split(ctx.visits.rota(ctx.trust.id), change.today)
    holidays = setup.bank_holidays(visit.day, visit.day)
    try:
        _, message = swap(
            [v.planned for v in coming],
            as_planned(visit, team.key),
            leader,
            incoming,
            setup.leaders,
            setup.rules,
            holidays,
            history,
        )
    except VisitChangeRefused as why:
        return [ctx.tell(f"Visit {visit.number} was not changed: {why}")]
    message = message.replace(f" {team.key} ", f" {team.name} ")
    ctx.visits.note_change(visit, ctx.person, ctx.now, "swapped", f"{leader} to {incoming}")
    ctx.audit("visit.swap", f"visit:{visit.number}")
    gone = ctx.visits.person_named(ctx.trust.id, leader)
    if gone is not None:
        unschedule_leader(ctx.session, visit, gone.id)
    visit.leaders = joined(tuple(incoming if n == leader else n for n in names(visit)))
    coming_in = ctx.visits.person_named(ctx.trust.id, incoming)
    outbound: list[Outbound] = [ctx.tell(f"Visit {visit.number}: {message}")]
    outbound += update_team(
        ctx, visit, team, f"{incoming} will visit on {when(visit)} instead of {leader}."
    )
    if coming_in is not None:
        schedule_leader(ctx.session, visit, team, coming_in.id, ctx.now, setup.duration_minutes)
        outbound += to_person(
            ctx,
            coming_in.id,
            f"{leader} has handed you {visit_line(visit, team)}. "
            "You'll have the pre-visit pack before it.",
            "A leadership visit for you",
        )
    return outbound
