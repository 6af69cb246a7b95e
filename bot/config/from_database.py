"""Write the current configuration back in the file format `config apply` reads."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import platforms
from bot.privacy.hospital import configured
from bot.schedule.days import NAMES, parse_days
from bot.stores.tables.core import (
    Division,
    HuddleSlot,
    Identity,
    Measure,
    Person,
    Role,
    Team,
    Trust,
)


def _days(days: str) -> Any:
    """As `config apply` reads them, however they were stored (`mon,tue,…` or chat's `mon-fri`)."""
    try:
        numbers = sorted(parse_days(days or "mon-sun"))
    except ValueError:
        return days.split(",")
    if numbers == list(range(7)):
        return "mon-sun"
    if numbers == list(range(5)):
        return "mon-fri"
    return [NAMES[n] for n in numbers]


def _measure(m: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"key": m.key, "name": m.name, "kind": m.kind, "direction": m.direction}
    for field, value in (("target", m.target), ("min", m.minimum), ("max", m.maximum)):
        if value is not None:
            out[field] = int(value) if float(value).is_integer() else value
    if m.anonymous:
        out["anonymous"] = True
    if m.unit:
        out["unit"] = m.unit
    if m.per is not None:
        out["per"] = int(m.per) if float(m.per).is_integer() else m.per
    if m.denominator_key:
        out["denominator"] = m.denominator_key
    if m.aggregate and m.aggregate != "day":
        out["aggregate"] = m.aggregate
    charts = json.loads(m.charts_json or "{}")
    if charts:
        out["charts"] = charts
    source = json.loads(m.source_json or "{}")
    if source:
        out["source"] = source
    return out


def export_config(session: Session) -> dict[str, Any]:
    trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
    if trust is None:
        return {}
    settings = json.loads(trust.settings_json or "{}")
    head: dict[str, Any] = {"name": trust.name, "timezone": trust.timezone}
    if trust.bank_holiday_region != "england-and-wales":
        head["bank_holiday_region"] = trust.bank_holiday_region
    if configured(trust.hospital_number_pattern):
        head["hospital_number_pattern"] = configured(trust.hospital_number_pattern)
    if settings.get("charts"):
        head["charts"] = settings["charts"]
    for key in (
        *platforms.trust_channel_keys(),
        *platforms.channel_keys(),
        *platforms.workspace_keys(),
    ):
        if settings.get(key):
            head[key] = settings[key]
    doc: dict[str, Any] = {"trust": head, "divisions": []}
    team_keys: dict[int, str] = {}
    for division in session.scalars(
        select(Division)
        .where(Division.trust_id == trust.id, Division.retired_at.is_(None))
        .order_by(Division.id)
    ):
        teams = []
        for team in session.scalars(
            select(Team)
            .where(Team.division_id == division.id, Team.retired_at.is_(None))
            .order_by(Team.id)
        ):
            team_keys[team.id] = team.key
            entry: dict[str, Any] = {"key": team.key, "name": team.name}
            if team.timezone != trust.timezone:
                entry["timezone"] = team.timezone
            entry.update(json.loads(team.settings_json or "{}"))
            slots = session.scalars(
                select(HuddleSlot)
                .where(HuddleSlot.team_id == team.id)
                .order_by(HuddleSlot.local_time)
            )
            entry["huddles"] = [
                {"time": s.local_time, "days": _days(s.days), "bank_holidays": s.bank_holidays}
                for s in slots
            ]
            measures = session.scalars(
                select(Measure)
                .where(Measure.team_id == team.id, Measure.active.is_(True))
                .order_by(Measure.position)
            )
            entry["measures"] = [_measure(m) for m in measures]
            teams.append(entry)
        division_entry: dict[str, Any] = {"key": division.key, "name": division.name}
        division_entry["teams"] = teams
        doc["divisions"].append(division_entry)
    doc["people"] = [
        _person(session, p, team_keys)
        for p in session.scalars(
            select(Person)
            .where(Person.trust_id == trust.id, Person.retired_at.is_(None))
            .order_by(Person.id)
        )
    ]
    if "retention" in settings:
        doc["retention"] = settings["retention"]
    if "visits" in settings:
        doc["visits"] = settings["visits"]
    return doc


def _person(session: Session, person: Person, team_keys: dict[int, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": person.name}
    for identity in session.scalars(
        select(Identity).where(Identity.person_id == person.id).order_by(Identity.platform)
    ):
        entry[identity.platform] = identity.external_id
    roles = session.scalars(select(Role).where(Role.person_id == person.id).order_by(Role.id))
    entry["roles"] = [r.role + (f":{team_keys[r.team_id]}" if r.team_id else "") for r in roles]
    return entry
