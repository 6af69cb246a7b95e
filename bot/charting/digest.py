"""The weekly chart digest: the team's summary matrix, then every active measure's chart, one
post each, in the team's channels."""

from __future__ import annotations

import logging

from bot.addresses import NOWHERE, places_or_nowhere, team_addresses
from bot.charting.chart import chart_of, window
from bot.charting.matrix import sort_matrix
from bot.charting.summary import SummaryLine, summary_line
from bot.charting.summary_pages import summary_pages
from bot.context import Context
from bot.huddle.measures import team_measures
from bot.messages import Chart, Post, Text
from bot.schedule import Due
from bot.spc.drawing import chart_message
from bot.stores.tables.core import Division, Team

log = logging.getLogger(__name__)
KIND = "charts.digest"


def compose_digest(ctx: Context, due: Due) -> list[Post]:
    """For `routes.TIMED["charts.digest"]`: the last 90 days up to the digest's day, keyed per
    measure and channel so that none is sent twice."""
    team = ctx.team or (ctx.session.get(Team, due.team_id) if due.team_id else None)
    if team is None:
        log.warning("chart digest %s has no team", due.key)
        return []
    places = places_or_nowhere(team_addresses(ctx.session, team), team, "weekly charts")
    if places[0].platform == NOWHERE:  # nothing is drawn for no one; the lead is told
        return [Post(places[0], Text(f"This week's charts for {team.name}"), key=KIND)]
    charts: list[tuple[str, Chart]] = []
    empty: list[str] = []
    lines: list[SummaryLine] = []
    division = ctx.session.get(Division, team.division_id)
    for measure in team_measures(ctx.session, team):  # one analysis each: matrix row and chart
        analysis = window(ctx.session, team, measure, due.local_date)
        lines.append(summary_line(division.name if division else "", analysis))
        message = chart_of(ctx.session, team, measure, analysis)
        if message is None:
            empty.append(measure.name)
        else:
            charts.append((measure.key, message))
    if not charts:
        log.info("team %s has nothing recorded: no weekly charts", team.key)
        return []
    intro = f"This week's charts for {team.name}: {len(charts)} measure" + (
        "" if len(charts) == 1 else "s"
    )
    intro += "." if not empty else f". Nothing recorded yet for {', '.join(empty)}."
    day = due.local_date
    title = f"{team.name} — summary, {day.day} {day:%b %Y}"
    pages = summary_pages(sort_matrix(lines), title, day, divisions=False)
    matrix = [chart_message(page) for page in pages]
    posts = []
    for i, place in enumerate(places):
        where = f"{place.platform}:{i}"
        posts.append(
            Post(
                place, Text(intro, heading="Weekly charts"), key=f"{KIND}:{due.local_date}|{where}"
            )
        )
        posts += [
            Post(place, page, key=f"{KIND}:{due.local_date}:summary{n}|{where}")
            for n, page in enumerate(matrix, start=1)
        ]
        posts += [
            Post(place, message, key=f"{KIND}:{due.local_date}:{key}|{where}")
            for key, message in charts
        ]
    return posts
