"""Reading back a tier's place in the configuration: its seat's huddle times and measures, and
its settings (`response_hours`, channels). (`bot/config/apply.py` writes them.)"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Division, HuddleSlot, Measure, Team, Trust
from bot.tiers.seats import division_seat, trust_seat


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
