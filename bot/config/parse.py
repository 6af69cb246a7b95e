"""Check a configuration mapping and say exactly which entry and field is wrong."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import platforms
from bot.config.charts import (
    check_aggregate,
    check_charts,
    check_denominator,
    check_fed,
    check_per,
)
from bot.config.checks import check_config, time_problem
from bot.config.errors import fail as _fail
from bot.config.errors import mapping as _mapping
from bot.config.errors import unknown as _unknown
from bot.config.model import (
    DAY_NAMES,
    DIRECTIONS,
    MEASURE_KINDS,
    REGIONS,
    DivisionConfig,
    MeasureConfig,
    PersonConfig,
    SlotConfig,
    TeamConfig,
    TrustConfig,
)
from bot.config.pull_source import check_source
from bot.config.tiers import DERIVED_FIELDS, check_derived, check_role, response_hours
from bot.config.visits import check_visits
from bot.huddle.kinds import kind_of

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
TEAM_OWN = ("timezone", "nudge_after_minutes", "digest", "reflection", "response_hours")


def team_extra() -> tuple[str, ...]:
    """A team's optional fields: its own, and a channel on each registered platform."""
    return (*TEAM_OWN, *platforms.channel_keys())


def trust_extra() -> tuple[str, ...]:
    """Optional trust fields, kept in its settings (and exported again): the patterns, and each
    registered platform's channels and workspace."""
    return (
        "hospital_number_pattern",
        *platforms.trust_channel_keys(),
        *platforms.channel_keys(),
        *platforms.workspace_keys(),
    )


ROLE_NAMES = (
    "trust_admin",
    "improvement_lead",
    "team_lead",
    "member",
    "senior_leader",
    "division_lead",
    "division_member",
)
PLACED_ROLES = ("team_lead", "member", "division_lead", "division_member")
TRUST_OWN: tuple[str, ...] = ("name", "timezone", "bank_holiday_region", "charts", "huddles")
TRUST_OWN += ("measures", "response_hours")
DIVISION_OWN = ("key", "name", "teams", "huddles", "measures", "response_hours")


def _text(entry: dict[str, Any], field: str, where: str, default: str | None = None) -> str:
    value = entry.get(field, default)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail(where, field, "is missing")
    if not isinstance(value, str | int | float):
        raise _fail(where, field, "must be text")
    return str(value).strip()


def _number(entry: dict[str, Any], field: str, where: str) -> float | None:
    value = entry.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, field, f"must be a number, not {value!r}")
    return float(value)


def parse_days(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        text = value.strip().lower()
        if "-" in text:
            first, _, last = text.partition("-")
            if first in DAY_NAMES and last in DAY_NAMES:
                a, b = DAY_NAMES.index(first), DAY_NAMES.index(last)
                if a <= b:
                    return DAY_NAMES[a : b + 1]
        value = [text]
    if isinstance(value, list) and value and all(str(d).lower() in DAY_NAMES for d in value):
        return tuple(d for d in DAY_NAMES if d in {str(x).lower() for x in value})
    raise _fail(where, "days", f"{value!r} is not mon-fri, mon-sun or a list like [mon, wed]")


def _measure(raw: Any, where: str, tier: bool = False) -> MeasureConfig:
    """A team's measure; a division's or the trust's (`tier`) may be derived from its teams'."""
    entry = _mapping(raw, where)
    key = _text(entry, "key", where).lower()
    where = f"{where} '{key}'"
    _unknown(
        entry,
        (
            *(DERIVED_FIELDS if tier else ()),
            "key",
            "name",
            "kind",
            "direction",
            "target",
            "min",
            "max",
            "anonymous",
            "unit",
            "per",
            "aggregate",
            "charts",
            "denominator",
            "source",
        ),
        where,
    )
    if not KEY.match(key):
        raise _fail(where, "key", "use lower-case letters, digits, '-' or '_'")
    kind = _text(entry, "kind", where).lower()
    if kind not in MEASURE_KINDS:
        raise _fail(
            where,
            "kind",
            f"unknown measure kind {kind!r} (expected one of {', '.join(MEASURE_KINDS)})",
        )
    direction = str(entry.get("direction", "neutral")).lower()
    if direction not in DIRECTIONS:
        raise _fail(where, "direction", f"{direction!r} is not up, down or neutral")
    low, high = _number(entry, "min", where), _number(entry, "max", where)
    if kind == "score" and (low is None or high is None):
        raise _fail(where, "min" if low is None else "max", "a score needs both min and max")
    problem = kind_of(kind).range_problem(low, high)
    if problem:
        raise _fail(where, problem.split()[0], problem)
    anonymous = entry.get("anonymous", False)
    if not isinstance(anonymous, bool):
        raise _fail(where, "anonymous", "must be true or false")
    if anonymous and kind_of(kind).keeps_parts:
        raise _fail(where, "anonymous", f"a {kind} keeps both its numbers: it cannot be anonymous")
    return MeasureConfig(
        key=key,
        name=_text(entry, "name", where, default=key),
        kind=kind,
        direction=direction,
        target=_number(entry, "target", where),
        min=low,
        max=high,
        anonymous=anonymous,
        unit=str(entry.get("unit", "") or ""),
        per=check_per(entry.get("per"), kind_of(kind), where, _fail),
        aggregate=check_aggregate(entry.get("aggregate"), kind_of(kind), where, _fail),
        charts=check_charts(entry["charts"], where, _fail) if "charts" in entry else {},
        denominator=check_denominator(entry.get("denominator"), kind_of(kind), where, _fail),
        derived=check_derived(entry, kind, where, _fail) if tier else {},
        source=check_source(entry.get("source"), anonymous, where, _fail),
    )


def _slots(entry: dict[str, Any], where: str) -> tuple[SlotConfig, ...]:
    slots = tuple(
        _slot(s, f"{where}, huddle {i + 1}") for i, s in enumerate(entry.get("huddles") or [])
    )
    if len({s.time for s in slots}) != len(slots):
        raise _fail(where, "huddles", "two huddles at the same time")
    return slots


def _measures(entry: dict[str, Any], where: str, tier: bool = False) -> tuple[MeasureConfig, ...]:
    measures = tuple(
        _measure(m, f"{where}, measure {i + 1}", tier)
        for i, m in enumerate(entry.get("measures") or [])
    )
    keys = [m.key for m in measures]
    check_fed(measures, where, _fail)
    for k in keys:
        if keys.count(k) > 1:
            raise _fail(f"{where}, measure '{k}'", "key", "this measure key is used twice")
    return measures


def _slot(raw: Any, where: str) -> SlotConfig:
    entry = _mapping(raw, where)
    _unknown(entry, ("time", "days", "bank_holidays"), where)
    time = _text(entry, "time", where)
    if not TIME.match(time):
        raise _fail(where, "time", time_problem(entry.get("time")))
    policy = str(entry.get("bank_holidays", "run")).lower()
    if policy not in ("run", "skip"):
        raise _fail(where, "bank_holidays", f"{policy!r} is not run or skip")
    return SlotConfig(
        time=time, days=parse_days(entry.get("days", "mon-sun"), where), bank_holidays=policy
    )


def _zone(name: str, where: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(where, "timezone", f"{name!r} is not a known time zone") from None
    return name


def _team(raw: Any, where: str, seen: set[str]) -> TeamConfig:
    entry = _mapping(raw, where)
    key = _text(entry, "key", where).lower()
    where = f"team '{key}'"
    extra = team_extra()
    _unknown(entry, ("key", "name", "huddles", "measures", *extra), where)
    if not KEY.match(key):
        raise _fail(where, "key", "use lower-case letters, digits, '-' or '_'")
    if key in seen:
        raise _fail(where, "key", "this team key is used twice")
    seen.add(key)
    slots = _slots(entry, where)
    measures = _measures(entry, where)
    zone = entry.get("timezone")
    settings = {k: entry[k] for k in extra if k in entry and k != "timezone"}
    return TeamConfig(
        key=key,
        name=_text(entry, "name", where, default=key),
        timezone=_zone(str(zone), where) if zone else None,
        huddles=slots,
        measures=measures,
        settings=settings,
    )


def _person(raw: Any, where: str, team_keys: set[str], division_keys: set[str]) -> PersonConfig:
    entry = _mapping(raw, where)
    name = _text(entry, "name", where)
    where = f"person '{name}'"
    names = tuple(w.name for w in platforms.registered())
    _unknown(entry, ("name", *names, "roles"), where)
    roles = entry.get("roles") or []
    if not isinstance(roles, list):
        raise _fail(where, "roles", 'must be a list like ["member:ward-7"]')
    for role in roles:
        base, _, place = str(role).partition(":")
        if base not in ROLE_NAMES:
            raise _fail(
                where, "roles", f"unknown role {base!r} (expected one of {', '.join(ROLE_NAMES)})"
            )
        problem = check_role(base, place, team_keys, division_keys)
        if problem:
            raise _fail(where, "roles", f"{role!r} " + problem.format(base=base))
        if place and base not in PLACED_ROLES:
            raise _fail(where, "roles", f"{role!r}: {base} is trust-wide (write just {base})")
    return PersonConfig(
        name=name,
        ids=tuple((p, str(entry[p])) for p in names if entry.get(p)),
        roles=tuple(str(r) for r in roles),
    )


def _hospital_patterns(value: Any) -> None:
    """`hospital_number_pattern`: one regex, or a list of them (each must compile)."""
    if value is None:
        return
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise _fail("trust", "hospital_number_pattern", "must be a pattern or a list of patterns")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as err:
            raise _fail(
                "trust", "hospital_number_pattern", f"not a valid pattern ({err})"
            ) from None


def parse_config(raw: Any) -> TrustConfig:
    """Check everything before anything is written; raise ConfigError on the first problem."""
    doc = _mapping(raw, "the file")
    _unknown(doc, ("trust", "divisions", "people", "visits", "retention"), "the file")
    trust = _mapping(doc.get("trust"), "trust")
    extra = trust_extra()
    _unknown(
        trust,
        (
            "name",
            "timezone",
            "bank_holiday_region",
            "charts",
            "huddles",
            "measures",
            "response_hours",
            *extra,
        ),
        "trust",
    )
    region = str(trust.get("bank_holiday_region", "england-and-wales")).lower()
    if region not in REGIONS:
        raise _fail(
            "trust", "bank_holiday_region", f"{region!r} is not one of {', '.join(REGIONS)}"
        )
    _hospital_patterns(trust.get("hospital_number_pattern"))
    seen: set[str] = set()
    divisions: list[DivisionConfig] = []
    for i, raw_division in enumerate(doc.get("divisions") or []):
        entry = _mapping(raw_division, f"division {i + 1}")
        key = _text(entry, "key", f"division {i + 1}").lower()
        where = f"division '{key}'"
        _unknown(entry, (*DIVISION_OWN, *platforms.channel_keys()), where)
        if key in {d.key for d in divisions}:
            raise _fail(where, "key", "this division key is used twice")
        teams = tuple(
            _team(t, f"{where}, team {j + 1}", seen) for j, t in enumerate(entry.get("teams") or [])
        )
        divisions.append(
            DivisionConfig(
                key=key,
                name=_text(entry, "name", where, default=key),
                teams=teams,
                settings=_tier_settings(entry, where),
                huddles=_slots(entry, where),
                measures=_measures(entry, where, tier=True),
            )
        )
    division_keys = {d.key for d in divisions}
    people = tuple(
        _person(p, f"person {i + 1}", seen, division_keys)
        for i, p in enumerate(doc.get("people") or [])
    )
    names = [p.name for p in people]
    for name in names:
        if names.count(name) > 1:
            raise _fail(f"person '{name}'", "name", "this name is listed twice")
    settings: dict[str, Any] = {"bank_holiday_region": region}
    for field in extra:
        if trust.get(field):
            settings[field] = trust[field]
    if response_hours(trust.get("response_hours"), "trust", _fail) is not None:
        settings["response_hours"] = trust["response_hours"]
    if "charts" in trust:
        settings["charts"] = check_charts(trust["charts"], "trust", _fail)
    if doc.get("retention") is not None:
        settings["retention"] = _retention(doc["retention"])
    if doc.get("visits") is not None:
        settings["visits"] = check_visits(doc["visits"], set(names))
    config = TrustConfig(
        name=_text(trust, "name", "trust"),
        timezone=_zone(str(trust.get("timezone", "Europe/London")), "trust"),
        divisions=tuple(divisions),
        people=people,
        settings=settings,
        huddles=_slots(trust, "trust"),
        measures=_measures(trust, "trust", tier=True),
    )
    check_config(config)
    return config


def _tier_settings(entry: dict[str, Any], where: str) -> dict[str, Any]:
    """A division's channels and its `response_hours`."""
    settings = {k: entry[k] for k in platforms.channel_keys() if k in entry}
    if response_hours(entry.get("response_hours"), where, _fail) is not None:
        settings["response_hours"] = entry["response_hours"]
    return settings


def _retention(raw: Any) -> dict[str, int]:
    block = _mapping(raw, "retention")
    _unknown(block, ("inbound_days", "outbox_days", "audit_years"), "retention")
    for field, value in block.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _fail("retention", field, f"{value!r} is not a whole number of at least 1")
    return dict(block)
