"""`/huddle rebase <measure> <date> <reason>`: a team lead records a sustained change, after
which the measure's mean and limits are recalculated; shown on the chart with its reason."""

from __future__ import annotations

from datetime import date

from bot.charting.chart import measure_chart, pick_measure
from bot.charting.queries import save_rebase, team_named
from bot.context import Context
from bot.guard import check_text, clean_control
from bot.huddle.access import which_team
from bot.huddle.days import day_word, written
from bot.huddle.measures import listing, team_measures
from bot.messages import Outbound
from bot.stores.tables.charts import Rebase
from bot.stores.tables.core import Measure, Team

USAGE = (
    "Use `/huddle rebase <measure> <date> <reason>`, "
    "e.g. `/huddle rebase falls 2027-02-01 new falls bundle`."
)
MAX_REASON = 200


def _parts(words: list[str], today: date) -> tuple[list[str], date | None, str]:
    """(measure words, the day, the reason) around the first word that is a day."""
    for i, word in enumerate(words):
        day = day_word(word, today)
        if day is not None:
            return words[:i], day, " ".join(words[i + 1 :])
    return words, None, ""


def record_rebase(ctx: Context, measure: Measure, day: date, reason: str) -> Rebase:
    """Store the change point (a second one on the same day replaces the reason)."""
    person_id = ctx.person.id if ctx.person else None
    row = save_rebase(ctx.session, measure, day, reason, person_id, ctx.now)
    ctx.audit("huddle.rebase", f"measure:{measure.id}")
    return row


def _team(ctx: Context, words: list[str]) -> tuple[Team | str, list[str]]:
    if len(words) > 1 and (named := team_named(ctx.session, ctx.trust.id, words[0])):
        return named, words[1:]
    return which_team(ctx), words


def rebase(ctx: Context, args: str) -> list[Outbound]:
    team, words = _team(ctx, args.split())
    if isinstance(team, str):
        return [ctx.tell(team)]
    if not ctx.actor.leads(team):
        return ctx.refuse(
            "huddle.rebase",
            f"team:{team.id}",
            f"Only {team.name}'s team lead can rebase its charts. Nothing was changed.",
        )
    today = ctx.local_now(team).date()
    typed, day, reason = _parts(words, today)
    reason = clean_control(reason).strip()
    measures = team_measures(ctx.session, team)
    if not typed or day is None or not reason:
        return [ctx.tell(f"{USAGE} {team.name}'s measures: {listing(measures)}.")]
    measure = pick_measure(team, measures, " ".join(typed))
    if isinstance(measure, str):
        return [ctx.tell(measure)]
    if day > today:
        return [
            ctx.tell(f"{written(day)} is in the future: a rebase marks a change that has happened.")
        ]
    refusal = check_text(
        reason, ctx.trust.hospital_number_pattern, MAX_REASON, today=ctx.now.date()
    )
    if refusal is not None:
        ctx.audit("huddle.rebase.text", f"measure:{measure.id}", "refused")
        return [ctx.tell(f"The rebase was not recorded. {refusal.reason}")]
    record_rebase(ctx, measure, day, reason)
    said = (
        f"{measure.name} on {team.name}: from {written(day)} {day.year} the mean and limits are "
        f"recalculated ({reason}). Recorded by {ctx.person.name if ctx.person else 'a team lead'}."
    )
    elsewhere = ctx.team is None or ctx.team.id != team.id  # another team's data stays private
    posts: list[Outbound] = [ctx.tell(said) if elsewhere else ctx.say(said)]
    chart = measure_chart(ctx.session, team, measure, today)
    if chart is not None:
        posts.append(ctx.show(chart, private=elsewhere))
    return posts
