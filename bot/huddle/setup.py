"""`/huddle measure …` and `/huddle slot …`: the team lead (or a trust admin) changes what the
team records and when it huddles. Everyone else is refused, and the refusal is audited."""

from __future__ import annotations

import logging
import re

from bot.context import Context
from bot.huddle.access import is_lead, which_team
from bot.huddle.kinds import KINDS, Kind, kind_of
from bot.huddle.measures import (
    active_measure,
    any_measure,
    label,
    listing,
    next_position,
    team_measures,
)
from bot.huddle.teams import huddle_slots
from bot.messages import Outbound
from bot.schedule.days import parse_days
from bot.stores.tables.core import HuddleSlot, Measure, Team

log = logging.getLogger(__name__)
KEY = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")
SETTING = re.compile(r"^(aggregate|per|of)[:=](.+)$")
AGGREGATES = ("day", "week", "month")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MEASURE_USAGE = (
    "Use `/huddle measure add <key> <kind> [min-max] [up|down] [anonymous] "
    "[aggregate:week|month] [per:1000] [of:<measure>]` "
    f"(kinds: {', '.join(KINDS)}), `/huddle measure aggregate <key> day|week|month`, "
    "or `/huddle measure remove <key>`."
)
SLOT_USAGE = (
    "Use `/huddle slot add 14:00 [mon-fri]`, `/huddle slot remove 14:00` or `/huddle slot`."
)


def _lead_team(ctx: Context, action: str, what: str) -> Team | list[Outbound]:
    team = which_team(ctx)
    if isinstance(team, str):
        return [ctx.tell(team)]
    if not is_lead(ctx, team):
        return ctx.refuse(
            action,
            f"team:{team.id}",
            f"Only {team.name}'s team lead or a trust admin can change its {what}.",
        )
    return team


def measure(ctx: Context, args: str) -> list[Outbound]:
    team = _lead_team(ctx, "huddle.measure", "measures")
    if isinstance(team, list):
        return team
    words = args.lower().split()
    if len(words) >= 2 and words[0] == "remove":
        return _remove(ctx, team, words[1])
    if len(words) == 3 and words[0] == "aggregate":
        return _aggregate(ctx, team, words[1], words[2])
    if len(words) >= 3 and words[0] == "add":
        return _add(ctx, team, words[1], words[2], words[3:])
    return [
        ctx.tell(
            f"{team.name}'s measures: {listing(team_measures(ctx.session, team))}. " + MEASURE_USAGE
        )
    ]


def _options(kind: Kind, rest: list[str]) -> dict[str, object] | str:
    """`1-5 up anonymous` as measure settings, or what is wrong with them (in words)."""
    found: dict[str, object] = {"direction": "neutral", "anonymous": False, "aggregate": "day"}
    for word in rest:
        bounds, setting = RANGE.match(word), SETTING.match(word)
        if bounds:
            low, high = float(bounds.group(1)), float(bounds.group(2))
            problem = kind.range_problem(low, high)
            if problem:
                return f"The range {word} cannot be used: {problem}."
            found["minimum"], found["maximum"] = low, high
        elif setting and setting.group(1) == "aggregate":
            problem = _aggregate_problem(kind, setting.group(2))
            if problem:
                return problem
            found["aggregate"] = setting.group(2)
        elif setting and setting.group(1) == "per" and kind.keeps_parts:
            per = _positive(setting.group(2))
            if per is None:
                return f"'{word}' is not a multiplier above 0, like per:1000."
            found["per"] = per
        elif word in ("up", "down"):
            found["direction"] = word
        elif setting and setting.group(1) == "of" and kind.keeps_parts:
            found["denominator_key"] = setting.group(2)
        elif word == "anonymous" and kind.keeps_parts:
            return f"A {kind.name} keeps both its numbers, so it cannot be anonymous."
        elif word == "anonymous":
            found["anonymous"] = True
        else:
            return f"I don't understand '{word}'."
    return found


def _positive(text: str) -> float | None:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None
    return number if number > 0 else None


def _aggregate_problem(kind: Kind, word: str) -> str | None:
    if word not in AGGREGATES:
        return f"'{word}' is not day, week or month."
    if word != "day" and not kind.aggregates:
        return f"A {kind.name} measure is charted day by day; only counts add up by {word}."
    return None


def _add(ctx: Context, team: Team, key: str, kind: str, rest: list[str]) -> list[Outbound]:
    if not KEY.match(key) or kind not in KINDS:
        return [ctx.tell(MEASURE_USAGE)]
    options = _options(KINDS[kind], rest)
    feeder = options.get("denominator_key") if isinstance(options, dict) else None
    if feeder is not None and not _feeds(ctx, team, str(feeder), key):
        options = f"'{feeder}' is not another of {team.name}'s measures to take the whole from."
    if isinstance(options, str):  # logged by team and reason, never what was typed
        log.info("measure not added for team %s: an option was refused", team.id)
        ctx.audit("huddle.measure.add", f"team:{team.id}", "refused")
        return [ctx.tell(f"{options} Nothing was changed. " + MEASURE_USAGE)]
    row = any_measure(ctx.session, team, key)
    if row is not None and row.active:
        return [ctx.tell(f"{team.name} already records {label(row)}.")]
    position = next_position(ctx.session, team)
    if row is None:
        row = Measure(team_id=team.id, key=key)
    row.name, row.kind, row.active = key.replace("-", " ").capitalize(), kind, True
    row.position, row.unit, row.target = position, "", None
    row.minimum, row.maximum, row.per, row.charts_json = None, None, None, "{}"
    row.denominator_key = None
    for name, value in options.items():
        setattr(row, name, value)
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit("huddle.measure.add", f"team:{team.id}")
    return [ctx.say(f"{team.name} now records {label(row)} ({kind}) at each huddle.")]


def _feeds(ctx: Context, team: Team, feeder: str, key: str) -> bool:
    """Whether `feeder` is another active measure of the team, a plain figure."""
    row = active_measure(ctx.session, team.id, feeder)
    return row is not None and feeder != key and kind_of(row).feeds_wholes


def _aggregate(ctx: Context, team: Team, key: str, word: str) -> list[Outbound]:
    """Chart a count by the day, the week or the month (its daily values stay as recorded)."""
    row = active_measure(ctx.session, team.id, key)
    if row is None:
        return [ctx.tell(f"{team.name} has no measure '{key}'.")]
    problem = _aggregate_problem(kind_of(row), word)
    if problem:
        log.info("aggregation of measure %s refused: %s", row.id, kind_of(row).name)
        ctx.audit("huddle.measure.aggregate", f"team:{team.id}", "refused")
        return [ctx.tell(f"{problem} Nothing was changed.")]
    row.aggregate = word
    ctx.audit("huddle.measure.aggregate", f"team:{team.id}")
    every = {"day": "day by day", "week": "week by week", "month": "month by month"}[word]
    return [ctx.say(f"{team.name}'s {label(row)} is now charted {every}.")]


def _remove(ctx: Context, team: Team, key: str) -> list[Outbound]:
    row = active_measure(ctx.session, team.id, key)
    if row is None:
        return [ctx.tell(f"{team.name} has no measure '{key}'.")]
    row.active = False  # its history stays
    ctx.audit("huddle.measure.remove", f"team:{team.id}")
    return [ctx.say(f"{team.name} no longer records {label(row)}; its history is kept.")]


def slot(ctx: Context, args: str) -> list[Outbound]:
    team = _lead_team(ctx, "huddle.slot", "huddle times")
    if isinstance(team, list):
        return team
    words = args.lower().split()
    rows = {s.slot: s for s in huddle_slots(ctx.session, team)}
    if len(words) >= 2 and words[0] == "add" and TIME.match(words[1]):
        days = " ".join(words[2:]) or "mon-sun"
        try:
            parse_days(days)
        except ValueError as error:
            return [ctx.tell(f"{error}. " + SLOT_USAGE)]
        row = rows.get(words[1]) or HuddleSlot(team_id=team.id, slot=words[1])
        row.local_time, row.days, row.bank_holidays = words[1], days, row.bank_holidays or "run"
        ctx.session.add(row)
        ctx.audit("huddle.slot.add", f"team:{team.id}")
        return [ctx.say(f"{team.name} now huddles at {words[1]} ({days}).")]
    if len(words) >= 2 and words[0] == "remove" and words[1] in rows:
        ctx.session.delete(rows[words[1]])
        ctx.audit("huddle.slot.remove", f"team:{team.id}")
        return [ctx.say(f"{team.name} no longer huddles at {words[1]}.")]
    times = (
        ", ".join(
            f"{s.local_time} ({s.days})" for s in sorted(rows.values(), key=lambda s: s.local_time)
        )
        or "none"
    )
    return [ctx.tell(f"{team.name}'s huddle times: {times}. " + SLOT_USAGE)]
