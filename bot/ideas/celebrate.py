"""Celebrating an adopted idea: the team's channel and the trust's wins channel, with the chart."""

from __future__ import annotations

from bot.addresses import addresses_of
from bot.context import Context
from bot.ideas.chart import measure_chart
from bot.ideas.learning import keep_learning_going
from bot.ideas.tell import reach
from bot.messages import Button, Message, Post, Text
from bot.stores.tables.ideas import Idea

SHARE = "idea.share"  # the Share button: the whole trust can see it and take it up


def people_behind(ctx: Context, idea: Idea) -> list[str]:
    """The author, the owner, everyone who moved it on, and its supporters, each once."""
    ids = [idea.author_id, idea.owner_id]
    ids += ctx.ideas.changers(idea)
    names = [ctx.ideas.name_of(i) for i in ids if i is not None]
    return list(dict.fromkeys(names + ctx.ideas.supporters(idea)))


def celebrate(ctx: Context, idea: Idea) -> list[Post]:
    team = ctx.ideas.team_of(idea)
    measure = ctx.ideas.measure_of(idea)
    people = people_behind(ctx, idea)
    lines = [
        f"{team.name} has adopted idea #{idea.number}: {idea.text}",
        "Thank you to " + ", ".join(people) + ".",
    ]
    if measure is not None:
        lines.append(f"It was tested on {measure.name}.")
    lines.append(
        f"Share what worked so other teams can try it: the button, or `/idea share {idea.number}`."
    )
    share = Button("Share with other teams", SHARE, str(idea.number))
    messages: list[Message] = [Text("\n".join(lines), "Idea adopted!", (share,))]
    keep_learning_going(ctx.ideas, ctx.trust, ctx.now)
    chart = measure_chart(ctx.ideas, measure, ctx.local_now(team).date()) if measure else None
    if chart is not None:
        messages.append(chart)
    places = reach(ctx, "team", team.id)
    places += addresses_of(ctx.session, "wins", ctx.trust.id)
    return [
        Post(a, m, key=f"idea-win:{idea.number}:{i}:{n}")
        for i, a in enumerate(places)
        for n, m in enumerate(messages)
    ]
