"""`/visit`: a leader's coming visits or the coming visits to a member's area; `/visit coverage`;
and the Decline button on reminders (a form asking why)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.context import Context
from bot.help import help_text
from bot.messages import Field, Form, FormErrors, Outbound, Text
from bot.stores.tables.visits import Visit
from bot.visits.changes import decline
from bot.visits.coverage import coverage, coverage_text
from bot.visits.setup import NO_SETUP, load_setup
from bot.visits.tell import may_change
from bot.visits.words import number_in, visit_line, when

DECLINE_FORM = "visit.decline"
SHOWN = 12  # visits listed at most in one answer


def _lines(ctx: Context, visits: list[Visit]) -> list[str]:
    teams = {t.id: t for t in ctx.visits.teams(ctx.trust.id)}
    shown = [f"  {visit_line(v, teams[v.team_id])}" for v in visits[:SHOWN]]
    if len(visits) > SHOWN:
        shown.append(f"  … and {len(visits) - SHOWN} more")
    return shown


def my_visits(ctx: Context, args: str) -> list[Outbound] | str:
    """`/visit`: coming visits for a leader, and to the member's teams."""
    if args.strip():
        return help_text(ctx.routes, "visit")
    setup = load_setup(ctx.visits, ctx.trust)
    if setup is None or ctx.person is None:
        return [ctx.tell(NO_SETUP)]
    today = ctx.local_now().date()
    parts: list[str] = []
    if setup.leader(ctx.person.name) or ctx.actor.has("senior_leader"):
        mine = ctx.visits.coming(ctx.trust.id, today, leader=ctx.person.name)
        parts.append(
            "Your coming visits:\n" + "\n".join(_lines(ctx, mine))
            if mine
            else "You have no coming visits on the rota."
        )
    teams = ctx.my_teams()
    if ctx.team is not None and ctx.team not in teams:
        teams.append(ctx.team)
    for team in teams:
        theirs = ctx.visits.coming(ctx.trust.id, today, team_ids=(team.id,))
        parts.append(
            f"Coming visits to {team.name}:\n" + "\n".join(_lines(ctx, theirs))
            if theirs
            else f"No leadership visits to {team.name} are planned yet."
        )
    if not parts and ctx.actor.trust_admin:
        everyone = ctx.visits.coming(ctx.trust.id, today)
        parts.append("The coming visits:\n" + "\n".join(_lines(ctx, everyone)))
    if not parts:
        parts.append("You are not on the visits rota and not in a team that is visited.")
    return [ctx.tell("\n\n".join(parts))]


def coverage_command(ctx: Context, args: str) -> list[Outbound]:
    """`/visit coverage`: each area's last and next visit, and those not visited in time."""
    setup = load_setup(ctx.visits, ctx.trust)
    if setup is None:
        return [ctx.tell(NO_SETUP)]
    today = ctx.local_now().date()
    rows = coverage(ctx.visits, ctx.trust, setup, today)
    return [ctx.tell(coverage_text(rows, setup, today))]


def decline_pressed(ctx: Context, value: str) -> list[Outbound]:
    """The Decline button on a reminder: checked against permission, then a form for the reason."""
    number, _ = number_in(value)
    visit = ctx.visits.find(ctx.trust.id, number) if number else None
    if visit is None or visit.status != "planned":
        return [ctx.tell("That visit is no longer on the rota.")]
    if not may_change(ctx, visit):
        return ctx.refuse(
            "visit.decline",
            f"visit:{visit.number}",
            f"Only the leaders on visit {visit.number} or a trust admin can decline it.",
        )
    return [ctx.show(decline_form(ctx, str(visit.number)), private=True)]


def decline_form(ctx: Context, context: str) -> Form | Text:
    number, _ = number_in(context)
    visit = ctx.visits.find(ctx.trust.id, number) if number else None
    if visit is None:
        return Text("That visit is no longer on the rota.")
    reason = Field("reason", "Why can't you go?", required=True, multiline=True, max_length=500)
    return Form(
        DECLINE_FORM,
        f"Decline visit {visit.number}",
        (reason,),
        str(visit.number),
        "Decline",
        intro=f"Visit {visit.number}, {when(visit)}. Another leader or date will be found.",
        open_label="Decline",
    )


def decline_submitted(ctx: Context, values: Mapping[str, str], context: str) -> list[Outbound]:
    reason = values.get("reason", "").strip()
    if not reason:
        return [ctx.show(FormErrors(DECLINE_FORM, (("reason", "Say why."),)), private=True)]
    return decline(ctx, f"{context} {reason}")
