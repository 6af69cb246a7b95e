"""The demo trust: three teams, 90 days of plausible history with one real shift, a few people.

Loaded on first start of an empty database so a newcomer can try every command at once.
"""

from __future__ import annotations

import copy
import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import platforms
from bot.config import apply_config, parse_config
from bot.huddle.measures import is_derived
from bot.stores.tables.core import Measure, Reading, Team

_DEMO: dict[str, Any] = {
    "trust": {
        "name": "Demo NHS Trust",
        "timezone": "Europe/London",
        # tier 3: the trust's operational huddle, chaired by a director
        "huddles": [{"time": "12:00", "days": "mon-fri", "bank_holidays": "skip"}],
        "measures": [
            {
                "key": "four-hour",
                "name": "A&E four-hour performance",
                "kind": "percent",
                "direction": "up",
                "target": 78,
            }
        ],
    },
    "divisions": [
        {
            "key": "medicine",
            "name": "Medicine",
            # tier 2: the division's huddle reviews what its wards escalated
            "huddles": [{"time": "11:00", "days": "mon-fri", "bank_holidays": "skip"}],
            "measures": [
                {
                    "key": "bed-occupancy",
                    "name": "Bed occupancy",
                    "kind": "percent",
                    "direction": "down",
                    "target": 92,
                },
                {
                    "key": "falls",
                    "name": "Falls across the division",
                    "kind": "count",
                    "direction": "down",
                    "sum_of": "falls",
                },
                {
                    "key": "staffing",
                    "name": "Staffing fill rate",
                    "kind": "percent",
                    "direction": "up",
                    "target": 95,
                    "mean_of": "staffing",
                },
            ],
            "teams": [
                {
                    "key": "ward-7",
                    "name": "Ward 7",
                    "huddles": [{"time": "08:30", "days": "mon-sun", "bank_holidays": "run"}],
                    "measures": [
                        {"key": "falls", "name": "Falls", "kind": "count", "direction": "down"},
                        {
                            "key": "staffing",
                            "name": "Staffing fill rate",
                            "kind": "percent",
                            "direction": "up",
                            "target": 95,
                        },
                        {
                            "key": "pressure-ulcers",
                            "name": "Pressure ulcers",
                            "kind": "count",
                            "direction": "down",
                        },
                        {
                            "key": "mood",
                            "name": "Team mood",
                            "kind": "score",
                            "min": 1,
                            "max": 5,
                            "direction": "up",
                            "anonymous": True,
                        },
                    ],
                },
                {
                    "key": "ed",
                    "name": "Emergency Department",
                    "huddles": [
                        {"time": "08:00", "days": "mon-sun", "bank_holidays": "run"},
                        {"time": "20:00", "days": "mon-sun", "bank_holidays": "run"},
                    ],
                    "measures": [
                        {
                            "key": "four-hour",
                            "name": "Seen within 4 hours",
                            "kind": "percent",
                            "direction": "up",
                            "target": 78,
                        },
                        {
                            "key": "handover",
                            "name": "Ambulance handover",
                            "kind": "minutes",
                            "direction": "down",
                            "target": 30,
                        },
                        {
                            "key": "staffing",
                            "name": "Staffing fill rate",
                            "kind": "percent",
                            "direction": "up",
                            "target": 95,
                        },
                    ],
                },
            ],
        },
        {
            "key": "surgery",
            "name": "Surgery",
            "teams": [
                {
                    "key": "theatres",
                    "name": "Main Theatres",
                    "huddles": [{"time": "07:45", "days": "mon-fri", "bank_holidays": "skip"}],
                    "measures": [
                        {
                            "key": "late-starts",
                            "name": "Late first starts",
                            "kind": "count",
                            "direction": "down",
                        },
                        {
                            "key": "utilisation",
                            "name": "Theatre utilisation",
                            "kind": "percent",
                            "direction": "up",
                            "target": 85,
                        },
                    ],
                }
            ],
        },
    ],
    "people": [
        {"name": "Demo Nurse", "roles": ["member:ward-7"]},
        {
            "name": "Demo Lead",
            "roles": ["team_lead:ward-7", "member:ward-7"],
        },
        {
            "name": "Demo Director",
            "roles": ["senior_leader"],
        },
        {"name": "Demo Chair", "roles": ["senior_leader"]},
        {"name": "Demo Admin", "roles": ["trust_admin"]},
        {"name": "Demo ED Lead", "roles": ["team_lead:ed", "member:ed"]},
        {"name": "Demo Improver", "roles": ["improvement_lead"]},
        {"name": "Demo Matron", "roles": ["division_lead:medicine"]},
        {"name": "Demo Bed Manager", "roles": ["division_member:medicine"]},
    ],
    "visits": {
        "every_area_within": "8w",
        "weekdays": ["tue", "thu"],
        "times": ["10:00", "14:00"],
        "pair_executive_with_non_executive": False,
        "leaders": [
            {"name": "Demo Director", "kind": "executive", "cadence": "2w"},
            {"name": "Demo Chair", "kind": "non_executive", "cadence": "4w"},
        ],
    },
}


def demo_config() -> dict[str, Any]:
    """The demo trust, its people with their ids on every registered platform."""
    config = copy.deepcopy(_DEMO)
    for person in config["people"]:
        for words in platforms.registered():
            found = dict(words.demo_ids).get(person["name"])
            if found:
                person[words.name] = found
    return config


def __getattr__(name: str) -> Any:
    """`DEMO`: the demo configuration as `huddlebot config apply` would read it."""
    if name == "DEMO":
        return demo_config()
    raise AttributeError(name)


def _value(team: str, measure: str, day: int, rng: random.Random) -> float | None:
    """Plausible daily values; ward-7 falls drop for good after day 60 (a real shift)."""
    if measure == "falls":
        rate = 1.6 if team == "ward-7" and day < 60 else 0.4 if team == "ward-7" else 1.0
        return float(sum(rng.random() < rate / 4 for _ in range(4)))
    if measure == "staffing":
        return float(min(100, round(rng.gauss(91, 3.5))))
    if measure == "pressure-ulcers":
        return float(rng.random() < 0.15)
    if measure == "four-hour":
        return float(round(rng.gauss(74, 4)))
    if measure == "handover":
        return float(max(5, round(rng.gauss(38, 9))))
    if measure == "late-starts":
        return float(rng.choice([0, 0, 1, 1, 1, 2, 3]))
    if measure == "utilisation":
        return float(min(100, round(rng.gauss(82, 5))))
    if measure == "bed-occupancy":
        return float(min(100, round(rng.gauss(94, 2.5))))
    return None  # anonymous mood: answered through the huddle, not invented here


def load_demo_trust(session: Session, today: date, now: datetime) -> None:
    """Apply the demo configuration and 90 days of history ending yesterday (the ideas, huddles
    and visits of the demo are the capabilities' own: `bot.assembly.load_demo` adds them)."""
    apply_config(session, parse_config(demo_config()), now)
    rng, tiers = random.Random(7), random.Random(19)  # tiers apart: the wards' history stays
    rows = []
    teams = list(session.scalars(select(Team).order_by(Team.key)))
    for team in [t for t in teams if t.tier == "team"] + [t for t in teams if t.tier != "team"]:
        seat = team.tier != "team"
        for measure in session.scalars(select(Measure).where(Measure.team_id == team.id)):
            if is_derived(measure):  # made from the wards' values, never recorded
                continue
            for offset in range(90):
                day = today - timedelta(days=90 - offset)
                if seat and day.weekday() >= 5:  # tier huddles are Monday to Friday
                    continue
                value = _value(team.key, measure.key, offset, tiers if seat else rng)
                if value is not None:
                    rows.append(
                        Reading(
                            measure_id=measure.id,
                            day=day,
                            value=value,
                            recorded_at=now,
                            source="demo",
                        )
                    )
    session.add_all(rows)
