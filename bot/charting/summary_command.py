"""`/huddle summary [division]`: the MDC matrix images, posted to the person who asked."""

from __future__ import annotations

from bot.charting.access import visible_teams
from bot.charting.queries import division_named
from bot.charting.summary import summary_lines
from bot.charting.summary_pages import summary_file, summary_pages
from bot.context import Context
from bot.messages import Outbound
from bot.spc.drawing import chart_message


def summary(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle summary [division]`: the matrix images, to the person who asked only."""
    word = args.strip()
    division = division_named(ctx.session, ctx.trust.id, word) if word else None
    if word and division is None:
        return [ctx.tell(f"There is no division called “{word}”.")]
    teams = visible_teams(ctx, division)
    if not teams:
        where = f" in {division.name}" if division else ""
        return [ctx.tell(f"You are not in any team{where} whose measures I can show you.")]
    today = ctx.local_now().date()
    lines = summary_lines(ctx.session, teams, lambda team: ctx.local_now(team).date())
    title = f"{division.name if division else ctx.trust.name} — summary, {today.day} {today:%b %Y}"
    ctx.audit("huddle.summary", f"division:{division.id}" if division else "")
    pages = summary_pages(lines, title, today, divisions=division is None)
    posts: list[Outbound] = [ctx.show(chart_message(page), private=True) for page in pages]
    rest = summary_file(lines, pages, title)
    return posts + ([ctx.show(rest, private=True)] if rest else [])
