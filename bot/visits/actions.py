"""Visit actions: listing the open ones, and marking one done, which tells the team
"You said, we did"."""

from __future__ import annotations

from bot.context import Context
from bot.messages import Outbound, Text
from bot.stores.tables.core import Team
from bot.stores.tables.visits import Visit, VisitAction
from bot.visits.store import names
from bot.visits.tell import may_change, to_team
from bot.visits.words import day_text, number_in, who

USAGE = "Use `/visit action done 3`, or `/visit actions` to list the open ones."


def _find(ctx: Context, number: int) -> VisitAction | None:
    return ctx.visits.action(ctx.trust.id, number)


def _may_close(ctx: Context, action: VisitAction, visit: Visit, team: Team) -> bool:
    """The owner, a leader on the visit, the team's lead or a trust admin."""
    mine = ctx.person is not None and ctx.person.id == action.owner_id
    return mine or may_change(ctx, visit) or ctx.actor.leads(team)


def action_command(ctx: Context, args: str) -> list[Outbound]:
    """`/visit action done 3`."""
    word, _, rest = args.strip().partition(" ")
    number, _ = number_in(rest)
    if word.lower() != "done" or number is None:
        return [ctx.tell(USAGE)]
    action = _find(ctx, number)
    if action is None:
        return [ctx.tell(f"There is no visit action {number}.")]
    visit = ctx.visits.get(action.visit_id)
    team = ctx.visits.team(visit.team_id) if visit else None
    assert visit is not None and team is not None
    if not _may_close(ctx, action, visit, team):
        return ctx.refuse(
            "visit.action",
            f"action:{number}",
            f"Only action {number}'s owner, the leaders on the visit, {team.name}'s team lead "
            "or a trust admin can mark it done.",
        )
    if action.status == "done":
        return [ctx.tell(f"Action {number} is already done.")]
    action.status, action.done_at = "done", ctx.now
    action.done_by = ctx.person.id if ctx.person else None
    ctx.visits.note_change(visit, ctx.person, ctx.now, "action done", str(number))
    ctx.audit("visit.action.done", f"action:{number}")
    text = (
        f"At the leadership visit on {day_text(visit.day)}, {who(visit)} agreed to act: "
        f"{action.text}\nDone ({ctx.visits.name_of(action.owner_id)}, "
        f"{day_text(ctx.local_now(team).date())})."
    )
    said = to_team(ctx, team, Text(text, "You said, we did"), f"visit-action:{number}")
    told_here = any(p.to == ctx.here for p in said) if ctx.event else False
    reply = [] if told_here else [ctx.tell(f"Action {number} is done; {team.name} has been told.")]
    return [*reply, *said]


def list_actions(ctx: Context, args: str) -> list[Outbound]:
    """`/visit actions`: open actions you own, you agreed on a visit, or for your teams."""
    if ctx.person is None:
        return []
    team_ids = set(ctx.actor.team_ids)
    if ctx.team is not None:
        team_ids.add(ctx.team.id)
    rows = ctx.visits.open_actions(ctx.trust.id)
    mine = [
        (a, v, t)
        for a, v, t in rows
        if a.owner_id == ctx.person.id or ctx.person.name in names(v) or t.id in team_ids
    ]
    if not mine:
        return [ctx.tell("No open visit actions for you or your teams.")]
    lines = [
        f"  {a.number}. {t.name}: {a.text} ({ctx.visits.name_of(a.owner_id)}, by {day_text(a.due)})"
        for a, v, t in mine
    ]
    return [ctx.tell("Open visit actions:\n" + "\n".join(lines))]
