"""Read every team's plan (slot rows, zone, region, settings) from the database."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds.pull import pull_times
from bot.schedule import SlotRule, TeamPlan
from bot.stores.tables.core import HuddleSlot, Measure, Team, Trust

log = logging.getLogger(__name__)


def _settings(text: str | None) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def plan_for(team: Any, trust: Any, slots: list[Any], pulls: tuple[str, ...] = ()) -> TeamPlan:
    """A team's plan from its row, its trust's and its slots' (ORM objects or plain rows with
    the same names)."""
    settings = _settings(trust.settings_json) | _settings(team.settings_json)
    rules = tuple(
        SlotRule(s.slot, s.local_time, s.days or "mon-sun", s.bank_holidays or "run")
        for s in sorted(slots, key=lambda s: s.local_time)
    )
    return TeamPlan(
        team_id=team.id,
        team_key=team.key,
        timezone=team.timezone or trust.timezone or "Europe/London",
        region=trust.bank_holiday_region or "england-and-wales",
        slots=rules,
        nudge_after_minutes=int(str(settings.get("nudge_after_minutes", 30))),
        expire_after_minutes=int(str(settings.get("expire_after_minutes", 45))),
        digest=str(settings.get("digest", "monday")),
        reflection=str(settings.get("reflection", "friday")),
        pulls=pulls,
    )


def load_plans(session: Session) -> list[TeamPlan]:
    """Every team's plan; a team whose rows do not parse is logged and left out, not fatal.
    Read as plain rows, not ORM objects: a tick reads every team's plan, and for a thousand
    teams that is most of the time before the first prompt can go."""
    slots: dict[int, list[Any]] = defaultdict(list)
    for slot in session.execute(
        select(
            HuddleSlot.team_id,
            HuddleSlot.slot,
            HuddleSlot.local_time,
            HuddleSlot.days,
            HuddleSlot.bank_holidays,
        )
    ):
        slots[slot.team_id].append(slot)
    fed: dict[int, list[Measure]] = defaultdict(list)  # measures with a warehouse pull
    for measure in session.scalars(
        select(Measure).where(Measure.active.is_(True), Measure.source_json != "{}")
    ):
        fed[measure.team_id].append(measure)
    trusts = {
        trust.id: trust
        for trust in session.execute(
            select(Trust.id, Trust.settings_json, Trust.timezone, Trust.bank_holiday_region)
        )
    }
    plans = []
    for team in session.execute(
        select(Team.id, Team.trust_id, Team.key, Team.timezone, Team.settings_json)
        .where(Team.retired_at.is_(None))  # a retired team's schedules have stopped
        .order_by(Team.id)
    ):
        trust = trusts.get(team.trust_id)
        if trust is None:
            continue
        try:
            pulls = pull_times(fed.get(team.id, []))
            plans.append(plan_for(team, trust, slots.get(team.id, []), pulls))
        except (ValueError, TypeError) as error:
            log.error("team %s has a schedule that cannot be read: %s", team.key, error)
    return plans


def plan_by_key(session: Session, key: str) -> TeamPlan | None:
    return next((p for p in load_plans(session) if p.team_key == key), None)
