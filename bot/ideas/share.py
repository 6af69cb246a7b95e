"""Sharing what worked: an adopted idea shared with other teams, and taken up by them as their
own test of change, linked to the original so its lineage can be followed.

`/idea share 12 [team KEY|division KEY|all]` (or the Share button on the adoption post) posts the
idea, what its review learned and its annotated chart where it was shared, with an Adopt button.
`/idea adopt 12` (or that button) makes the adopting team its own idea, linked to the original,
and starts a test of change on the team's own measure; the original team is told.
"""

from __future__ import annotations

from bot.addresses import addresses_of, division_addresses, team_addresses
from bot.context import Context
from bot.ideas.celebrate import SHARE as SHARE  # the Share button on an adoption post
from bot.ideas.chart import measure_chart
from bot.ideas.learning import keep_learning_going
from bot.ideas.lifecycle import may_change, move
from bot.ideas.post import or_post
from bot.ideas.tell import to_person, to_team
from bot.ideas.words import STATUS_WORDS, number_in, short, when
from bot.messages import Address, Button, Message, Outbound, Post, Text
from bot.stores.tables.core import Measure, Team
from bot.stores.tables.ideas import Idea

SHARE_USAGE = (
    "Use `/idea share 12` (the whole trust), `/idea share 12 team ward-9` or "
    "`/idea share 12 division medicine`."
)
ADOPT_USAGE = (
    "Use `/idea adopt 12` in your team's channel, or `/idea adopt 12 team=ward-9 measure=falls`."
)
ADOPT = "idea.adopt"


def share_command(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea share 12 [team KEY|division KEY|all]`; the whole trust when no place is named."""
    number = number_in(args)
    if number is None:
        return or_post(ctx, args, SHARE_USAGE)
    words = args.lower().split()[1:]
    if not words or words == ["all"] or words == ["trust"]:
        return share(ctx, number, "all", "")
    if len(words) == 2 and words[0] in ("team", "division"):
        return share(ctx, number, words[0], words[1])
    return SHARE_USAGE


def share_pressed(ctx: Context, value: str) -> list[Outbound] | str:
    """The Share button on an adoption post: the whole trust."""
    number = number_in(value)
    return share(ctx, number, "all", "") if number is not None else "That idea no longer exists."


def share(ctx: Context, number: int, scope: str, key: str) -> list[Outbound] | str:
    idea = ctx.ideas.find(ctx.trust.id, number)
    if idea is None:
        return f"There is no idea #{number}."
    if not may_change(ctx, idea):
        return ctx.refuse(
            "idea.share",
            f"idea:{number}",
            f"Only idea #{number}'s owner, its team lead or an improvement lead can share it.",
        )
    if idea.status != "adopted":
        return (
            f"Idea #{number} is {STATUS_WORDS[idea.status]}. An idea is shared once its test of "
            "change showed it works and it was adopted "
            f"(`/idea review {number} adopt <what you learned>`)."
        )
    found = _places(ctx, idea, scope, key)
    if isinstance(found, str):
        return found
    places, where = found
    earlier = ctx.ideas.shared_before(idea, scope, key)
    if earlier is not None:
        return f"Idea #{number} was already shared with {where} on {when(earlier.at.date())}."
    ctx.ideas.add_share(idea, scope, key, ctx.person, ctx.now)
    ctx.audit("idea.share", f"idea:{number}")
    keep_learning_going(ctx.ideas, ctx.trust, ctx.now)
    messages = shared_card(ctx, idea)
    posts: list[Outbound] = [
        Post(a, m, key=f"idea-share:{number}:{scope}:{key}:{i}:{n}")
        for i, a in enumerate(places)
        for n, m in enumerate(messages)
    ]
    said = (
        f"Shared idea #{number} with {where}: other teams can take it up with "
        f"`/idea adopt {number}`."
    )
    if not places:
        said += " No channel there yet, so nobody was told; it can be found with `/idea search`."
    return [ctx.say(said), *posts]


def shared_card(ctx: Context, idea: Idea) -> list[Message]:
    """What is shared: the idea, what its test taught, and its chart with the test marked."""
    team = ctx.ideas.team_of(idea)
    measure = ctx.ideas.measure_of(idea)
    lines = [f"{team.name} tested and adopted idea #{idea.number}: {idea.text}"]
    if idea.why:
        lines.append(f"Why: {idea.why}")
    if idea.plan_try:
        lines.append(f"What they tried: {idea.plan_try}")
    if idea.study:
        lines.append(f"What they learned: {idea.study}")
    if measure is not None:
        lines.append(f"Measured on {measure.name}; the chart marks when the test began.")
    lines.append(
        f"Try it in your team with `/idea adopt {idea.number}` or the button: it becomes your "
        f"own test of change, linked to {team.name}'s."
    )
    button = Button("Adopt in our team", ADOPT, str(idea.number), "primary")
    messages: list[Message] = [
        Text("\n".join(lines), f"Shared by {team.name}: {short(idea.text, 60)}", (button,))
    ]
    chart = measure_chart(ctx.ideas, measure, ctx.local_now(team).date()) if measure else None
    if chart is not None:
        messages.append(chart)
    return messages


def _places(ctx: Context, idea: Idea, scope: str, key: str) -> tuple[list[Address], str] | str:
    """Where a share goes, and its name in words; or why it cannot go there."""
    own = idea.team_id
    if scope == "team":
        team = _team_named(ctx, key)
        if team is None:
            return f"There is no team '{key}'. {SHARE_USAGE}"
        if team.id == own:
            return f"Idea #{idea.number} is {team.name}'s own idea."
        return team_addresses(ctx.session, team), team.name
    if scope == "division":
        division = ctx.ideas.division_keyed(ctx.trust.id, key)
        if division is None:
            return f"There is no division '{key}'. {SHARE_USAGE}"
        teams = ctx.ideas.ward_teams(division_id=division.id)
        places = [a for t in teams if t.id != own for a in team_addresses(ctx.session, t)]
        return places or division_addresses(ctx.session, division), division.name
    learning = addresses_of(ctx.session, "learning", ctx.trust.id)
    if learning:
        return learning, "the whole trust (the learning channel)"
    teams = ctx.ideas.ward_teams(trust_id=ctx.trust.id)
    return [a for t in teams if t.id != own for a in team_addresses(ctx.session, t)], (
        "the whole trust"
    )


def _team_named(ctx: Context, key: str) -> Team | None:
    """A team of this trust that is not retired, by its key."""
    found = ctx.ideas.ward_teams(trust_id=ctx.trust.id, key=key)
    return found[0] if found else None


def adopt_command(ctx: Context, args: str) -> list[Outbound] | str:
    """`/idea adopt 12 [team=KEY] [measure=KEY]`"""
    number = number_in(args)
    if number is None:
        return or_post(ctx, args, ADOPT_USAGE)
    opts: dict[str, str] = {}
    for part in args.lower().split()[1:]:
        name, equals, value = part.partition("=")
        if not equals or name not in ("team", "measure") or not value:
            return ADOPT_USAGE
        opts[name] = value
    return adopt(ctx, number, opts.get("team", ""), opts.get("measure", ""))


def adopt_pressed(ctx: Context, value: str) -> list[Outbound] | str:
    number = number_in(value)
    return adopt(ctx, number, "", "") if number is not None else "That idea no longer exists."


def adopt(ctx: Context, number: int, team_key: str, measure_key: str) -> list[Outbound] | str:
    original = ctx.ideas.find(ctx.trust.id, number)
    if original is None:
        return f"There is no idea #{number}."
    team = _adopting_team(ctx, team_key)
    if isinstance(team, str):
        return team
    person = ctx.person
    assert person is not None  # the route is for people Huddlebot knows
    if not (ctx.actor.member_of(team) or ctx.actor.has("improvement_lead", team)):
        return ctx.refuse(
            "idea.adopt",
            f"idea:{number}",
            f"Only {team.name}'s members can take up an idea for {team.name}.",
        )
    if original.status != "adopted":
        return (
            f"Idea #{number} is {STATUS_WORDS[original.status]}: only an idea its team tested "
            "and adopted can be taken up by another team."
        )
    home = ctx.ideas.team_of(original)
    if team.id == home.id:
        return f"Idea #{number} is {team.name}'s own idea."
    tried = ctx.ideas.tried_by(original, team)
    if tried is not None:
        return f"{team.name} is already trying this idea as idea #{tried.number}."
    measure = _measure(ctx, original, team, measure_key)
    if isinstance(measure, str):
        return measure
    why = f"Taken up from {home.name}'s idea #{original.number}"
    idea = ctx.ideas.add(
        trust_id=ctx.trust.id,
        team=team,
        author=person,
        text=original.text,
        why=f"{why}. {original.why}" if original.why else why,
        now=ctx.now,
        measure=measure,
    )
    idea.origin_id, idea.owner_id = original.id, person.id
    idea.plan_try, idea.plan_expect = original.plan_try, original.plan_expect
    ctx.audit("idea.adopt", f"idea:{number}")
    reply: list[Outbound] = [
        ctx.say(
            f"{team.name} is taking up {home.name}'s idea #{original.number} as its own idea "
            f"#{idea.number}: {short(idea.text)}"
        )
    ]
    if measure is not None:
        started = move(ctx, idea, "testing", {"measure": measure.key}, f"taken up from #{number}")
        reply += [ctx.tell(started)] if isinstance(started, str) else started
    else:
        reply.append(
            ctx.tell(
                f"{team.name} has no measure like the original's, so the test has not started. "
                f"Start it with `/idea status {idea.number} testing measure=<your measure>`."
            )
        )
    news = (
        f"{team.name} is trying your idea #{original.number} ({short(original.text, 60)}) "
        f"as their idea #{idea.number}."
    )
    reply += to_team(ctx, home, Text(news), key=f"idea-spread:{original.number}:{team.id}")
    reply += to_person(ctx, original.owner_id, news)
    return reply


def _adopting_team(ctx: Context, key: str) -> Team | str:
    if key:
        team = _team_named(ctx, key)
        return team if team is not None else f"There is no team '{key}'. {ADOPT_USAGE}"
    if ctx.team is not None:
        return ctx.team
    mine = ctx.my_teams()
    if len(mine) == 1:
        return mine[0]
    return "Which team is taking it up? " + ADOPT_USAGE


def _measure(ctx: Context, original: Idea, team: Team, key: str) -> Measure | None | str:
    """The adopting team's measure: the one named, or its own measure like the original's."""
    if key:
        found = ctx.ideas.measure_named(team, key)
        return found if found is not None else f"{team.name} has no measure '{key}'."
    theirs = ctx.ideas.measure_of(original)
    if theirs is None:
        return None
    return ctx.ideas.measure_named(team, theirs.key) or ctx.ideas.measure_named(team, theirs.name)
