"""An idea's life: new → reviewing → testing → adopted | not_adopted, or parked from anywhere.

Only the idea's owner, the team's lead or an improvement lead may move it; every move is kept
in the history and told to the author. Moving to `testing` records the plan (PDSA) and sets a
one-off review timer for the owner.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.guard import check_text
from bot.ideas.celebrate import celebrate
from bot.ideas.post import or_post
from bot.ideas.store import STATUSES, Ideas
from bot.ideas.tell import checked, refused, tell_author
from bot.ideas.words import STATUS_WORDS, first_word, number_in, options, plan_text, short
from bot.messages import Outbound
from bot.schedule.timers import cancel_timer, set_timer
from bot.stores.tables.core import Team
from bot.stores.tables.ideas import Idea

NEXT = {
    "new": ("reviewing", "testing", "not_adopted", "parked"),
    "reviewing": ("testing", "not_adopted", "parked", "new"),
    "testing": ("adopted", "not_adopted", "reviewing", "parked"),
    "parked": ("new", "reviewing", "testing", "not_adopted"),
    "adopted": ("parked",),
    "not_adopted": ("reviewing", "parked"),
}
REVIEW_KIND = "ideas.review"
REVIEW_AT = time(9, 0)
TEST_DAYS = 14
USAGE = (
    "Use `/idea status 12 <status> [measure=falls] [from=2027-03-01] [review=2027-03-15] "
    "[owner=Name] [try=…] [expect=…] [note …]`. Statuses: " + ", ".join(STATUSES) + "."
)


def may_change(ctx: Context, idea: Idea) -> bool:
    """The owner, the team's lead (or a trust admin) or an improvement lead."""
    person, team = ctx.person, ctx.ideas.team_of(idea)
    if person is None:
        return False
    return (
        idea.owner_id == person.id
        or ctx.actor.leads(team)
        or ctx.actor.has("improvement_lead", team)
    )


def change_status(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea status 12 testing measure=falls from=2027-03-01 note …`"""
    number = number_in(args)
    words = args.split()
    if number is None or len(words) < 2:
        return or_post(ctx, args, USAGE)
    wanted = words[1].lower().replace("-", "_")
    wanted = "not_adopted" if wanted in ("not_adopt", "rejected") else wanted
    idea = ctx.ideas.find(ctx.trust.id, number)
    if idea is None:
        return f"There is no idea #{number}."
    if wanted not in STATUSES:
        return f"'{words[1]}' is not a status. " + USAGE
    if not may_change(ctx, idea):
        team = ctx.ideas.team_of(idea)
        return ctx.refuse(
            "idea.status",
            f"idea:{number}",
            f"Only idea #{number}'s owner, {team.name}'s team lead or an improvement lead "
            "can change its status. You can support it with `/idea support "
            f"{number}` or discuss it in its thread.",
        )
    opts, note = options(args.split(maxsplit=2)[2] if len(words) > 2 else "")
    return move(ctx, idea, wanted, opts, note)


def move(
    ctx: Context, idea: Idea, wanted: str, opts: dict[str, str], note: str
) -> list[Outbound] | str:
    if wanted == idea.status:
        return f"Idea #{idea.number} is already {STATUS_WORDS[wanted]}."
    if wanted not in NEXT[idea.status]:
        can = ", ".join(NEXT[idea.status])
        return f"Idea #{idea.number} is {STATUS_WORDS[idea.status]}; it can move to: {can}."
    note = checked(note)
    refusal = refused(ctx, note, "note")
    if refusal:
        return refusal
    plan = _plan(ctx, idea, opts) if wanted == "testing" else {}
    if isinstance(plan, str):
        return plan
    problem = _set_owner(ctx, idea, opts, wanted)
    if problem:
        return problem
    extra = ""
    if wanted == "testing":
        _start_test(ctx, idea, plan)
        extra = "\nPlan: " + plan_text(ctx.ideas, idea)
    old = idea.status
    idea.status, idea.updated_at = wanted, ctx.now
    ctx.ideas.note_change(idea, ctx.person, ctx.now, old, wanted, note)
    ctx.audit("idea.status", f"idea:{idea.number}")
    said = f" ({note})" if note else ""
    reply: list[Outbound] = [
        ctx.say(f"Idea #{idea.number} is now {STATUS_WORDS[wanted]}{said}.{extra}")
    ]
    reply += tell_author(
        ctx,
        idea,
        f"Your idea #{idea.number} ({short(idea.text, 60)}) is now {STATUS_WORDS[wanted]}, "
        f"changed by {ctx.person.name if ctx.person else 'Huddlebot'}{said}.",
    )
    if wanted == "adopted":
        reply += celebrate(ctx, idea)
    return reply


def _set_owner(ctx: Context, idea: Idea, opts: dict[str, str], wanted: str) -> str | None:
    """`owner=Name`; otherwise whoever first moves the idea on becomes its owner."""
    if "owner" in opts:
        words = opts["owner"].split()
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            person = ctx.ideas.person_named(ctx.trust.id, name)
            if person is not None:
                idea.owner_id = person.id
                return None
        return f"I don't know anyone called '{opts['owner']}'."
    if idea.owner_id is None and wanted != "parked" and ctx.person is not None:
        idea.owner_id = ctx.person.id
    return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _plan(ctx: Context, idea: Idea, opts: dict[str, str]) -> dict[str, Any] | str:
    """The test of change read from the options, or why it cannot be."""
    team = ctx.ideas.team_of(idea)
    plan: dict[str, Any] = {"measure_id": idea.measure_id}
    if "measure" in opts:
        key, _ = first_word(opts["measure"])
        measure = ctx.ideas.measure_named(team, key)
        if measure is None:
            return f"{team.name} has no measure '{key}'."
        plan["measure_id"] = measure.id
    start_text = first_word(opts.get("from") or opts.get("start") or "")[0]
    start = _day(start_text) if start_text else ctx.local_now(team).date()
    review_text = first_word(opts.get("review", ""))[0]
    review = _day(review_text) if review_text else start and start + timedelta(days=TEST_DAYS)
    if start is None or review is None:
        return "Dates are written like 2027-03-01."
    if review <= start:
        return "The review date must come after the start of the test."
    for key in ("try", "expect"):
        if check_text(opts.get(key, ""), ctx.trust.hospital_number_pattern, today=ctx.now.date()):
            ctx.audit("plan.text", f"idea:{idea.number}", "refused")
            return "The plan was not saved: it looks like it holds patient details or is too long."
        plan[key] = checked(opts.get(key, ""))
    plan["start"], plan["review"] = start, review
    return plan


def _start_test(ctx: Context, idea: Idea, plan: dict[str, Any]) -> None:
    """Record the plan and set the owner's review prompt (cancelling an older one)."""
    team = ctx.ideas.team_of(idea)
    idea.measure_id = plan["measure_id"]
    idea.plan_try = plan["try"] or idea.plan_try
    idea.plan_expect = plan["expect"] or idea.plan_expect
    slot = f"idea:{idea.number}"
    if idea.review_on and idea.review_on != plan["review"]:
        cancel_timer(
            ctx.session, REVIEW_KIND, team_id=team.id, local_date=idea.review_on, slot=slot
        )
    idea.test_start, idea.review_on = plan["start"], plan["review"]
    idea.study, idea.next_step = "", ""
    zone = team.timezone or ctx.trust.timezone
    schedule_review(ctx.ideas, idea, team, zone, ctx.now, platform=ctx.platform)


def schedule_review(
    ideas: Ideas, idea: Idea, team: Team, zone: str, now: datetime, platform: str = ""
) -> None:
    """Set the review prompt for 09:00 local on the idea's review day, to its owner on
    `platform` (where the test was started), or wherever they can be reached when blank."""
    assert idea.review_on is not None
    slot = f"idea:{idea.number}"
    due = datetime.combine(idea.review_on, REVIEW_AT, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    set_timer(
        ideas.session,
        REVIEW_KIND,
        due,
        team_id=team.id,
        local_date=idea.review_on,
        slot=slot,
        ref=f"{slot}@{platform}" if platform else slot,
        now=now,
    )
