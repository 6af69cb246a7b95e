"""Writing and reading back a tier's place in the configuration: its seat (huddle times and
measures) and its settings (`response_hours`, channels)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config.model import MeasureConfig, SlotConfig
from bot.stores.tables.core import Division, HuddleSlot, Measure, Team, Trust
from bot.tiers.seats import SEAT_SETTINGS, division_seat, seat_key, trust_seat


def seat(
    session: Session,
    trust: Trust,
    division: Division | None,
    huddles: tuple[SlotConfig, ...],
    measures: tuple[MeasureConfig, ...],
) -> Team | None:
    """Create or update the division's (or, with no division, the trust's) seat: every tier has
    one, so its channel has a board even before it has a huddle time or measures."""
    from bot.config.apply import write_plan

    kind = "division" if division is not None else "trust"
    found = division_seat(session, division) if division else trust_seat(session, trust)
    home = division or session.scalar(
        select(Division).where(Division.trust_id == trust.id).order_by(Division.id).limit(1)
    )
    if home is None:  # a trust with no division yet has no huddle of its own either
        return None
    if found is None:
        found = Team(
            trust_id=trust.id,
            division_id=home.id,
            key=seat_key(kind, division),
            name="",
            tier=kind,
        )
        session.add(found)
    found.name = division.name if division else trust.name
    found.timezone, found.retired_at = trust.timezone, None
    found.settings_json = json.dumps(SEAT_SETTINGS, sort_keys=True)
    session.flush()
    write_plan(session, found, huddles, measures)
    return found


def exported_plan(session: Session, team: Team | None, days: Any, measure: Any) -> dict[str, Any]:
    """`huddles` and `measures` of a seat, in the file's format (nothing when it has neither)."""
    if team is None:
        return {}
    slots = session.scalars(
        select(HuddleSlot).where(HuddleSlot.team_id == team.id).order_by(HuddleSlot.local_time)
    )
    huddles = [
        {"time": s.local_time, "days": days(s.days), "bank_holidays": s.bank_holidays}
        for s in slots
    ]
    measures = [
        measure(m)
        for m in session.scalars(
            select(Measure)
            .where(Measure.team_id == team.id, Measure.active.is_(True))
            .order_by(Measure.position)
        )
    ]
    out: dict[str, Any] = {}
    if huddles:
        out["huddles"] = huddles
    if measures:
        out["measures"] = measures
    return out


def exported_division(
    session: Session, division: Division, days: Any, measure: Any
) -> dict[str, Any]:
    """What a division adds besides its key, name and teams."""
    out: dict[str, Any] = dict(sorted(json.loads(division.settings_json or "{}").items()))
    out.update(exported_plan(session, division_seat(session, division), days, measure))
    return out


def exported_trust(session: Session, trust: Trust, days: Any, measure: Any) -> dict[str, Any]:
    return exported_plan(session, trust_seat(session, trust), days, measure)
