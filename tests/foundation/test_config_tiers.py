"""Divisions and the trust in the configuration: division roles, their own huddles and measures,
measures derived from their teams', `response_hours`; checked, applied, exported and applied
again without a change."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.actor import load_actor
from bot.config import ConfigError, apply_config, export_config, parse_config
from bot.config.diff import changes
from bot.db import Database
from bot.stores.tables.core import Division, HuddleSlot, Measure, Person, Trust
from bot.tiers.seats import division_seat, trust_seat

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

DOC: dict[str, Any] = {
    "trust": {
        "name": "Tier Trust",
        "response_hours": 4,
        "huddles": [{"time": "12:00", "days": "mon-fri", "bank_holidays": "skip"}],
        "measures": [{"key": "four-hour", "name": "A&E 4h", "kind": "percent", "target": 78}],
    },
    "divisions": [
        {
            "key": "medicine",
            "name": "Medicine",
            "response_hours": 24,
            "slack_channel": "C0MED",
            "huddles": [{"time": "11:00", "days": "mon-fri", "bank_holidays": "skip"}],
            "measures": [
                {"key": "beds", "name": "Bed occupancy", "kind": "percent", "direction": "down"},
                {"key": "falls", "name": "Falls", "kind": "count", "sum_of": "falls"},
                {
                    "key": "staffing",
                    "name": "Staffing",
                    "kind": "percent",
                    "mean_of": "staffing",
                    "weighted_by": "denominator",
                },
            ],
            "teams": [
                {
                    "key": "ward-7",
                    "name": "Ward 7",
                    "huddles": [{"time": "08:30", "days": "mon-sun"}],
                    "measures": [{"key": "falls", "name": "Falls", "kind": "count"}],
                }
            ],
        }
    ],
    "people": [
        {"name": "Matron", "slack": "U1", "roles": ["division_lead:medicine"]},
        {"name": "Bed Manager", "roles": ["division_member:medicine"]},
        {"name": "Nurse", "roles": ["member:ward-7"]},
        {"name": "Director", "roles": ["senior_leader"]},
    ],
}


def _applied(db: Database, doc: dict[str, Any]) -> None:
    with db.session() as s:
        apply_config(s, parse_config(doc), NOW)


def test_division_and_trust_places_are_applied_as_their_own_huddles(db: Database) -> None:
    _applied(db, DOC)
    with db.session() as s:
        medicine = s.scalar(select(Division).where(Division.key == "medicine"))
        seat = division_seat(s, medicine)
        top = trust_seat(s, s.scalar(select(Trust)))
        assert seat is not None and top is not None
        assert [
            h.local_time for h in s.scalars(select(HuddleSlot).where(HuddleSlot.team_id == seat.id))
        ] == ["11:00"]
        keys = list(
            s.scalars(
                select(Measure.key).where(Measure.team_id == seat.id).order_by(Measure.position)
            )
        )
        assert keys == ["beds", "falls", "staffing"]
        who = {p.name: load_actor(s, p) for p in s.scalars(select(Person))}
        assert who["Matron"].division_roles == {("division_lead", medicine.id)}
        assert who["Matron"].leads(seat) and who["Bed Manager"].member_of(seat)
        assert not who["Bed Manager"].leads(seat)
        assert not who["Nurse"].member_of(seat)
        assert who["Director"].member_of(top) and not who["Matron"].member_of(top)


def test_the_export_keeps_tiers_and_applies_again_unchanged(db: Database) -> None:
    _applied(db, DOC)
    with db.session() as s:
        exported = export_config(s)
    division = exported["divisions"][0]
    assert division["response_hours"] == 24 and division["slack_channel"] == "C0MED"
    assert [m.get("sum_of") or m.get("mean_of") for m in division["measures"]] == [
        None,
        "falls",
        "staffing",
    ]
    assert exported["trust"]["huddles"][0]["time"] == "12:00"
    assert [t["key"] for t in division["teams"]] == ["ward-7"]  # the seat is no team
    roles = {p["name"]: p["roles"] for p in exported["people"]}
    assert roles["Matron"] == ["division_lead:medicine"]
    _applied(db, exported)
    with db.session() as s:
        assert changes(exported, export_config(s)) == []


def test_a_changed_division_huddle_is_named_in_the_diff(db: Database) -> None:
    _applied(db, DOC)
    with db.session() as s:
        before = export_config(s)
    doc = copy.deepcopy(DOC)
    doc["divisions"][0]["huddles"][0]["time"] = "11:30"
    doc["divisions"][0]["measures"].pop(0)
    _applied(db, doc)
    with db.session() as s:
        lines = changes(before, export_config(s))
    assert "slot 11:30 of division 'medicine' added (mon-fri)" in lines
    assert "slot 11:00 of division 'medicine' removed" in lines
    assert "measure beds of division 'medicine' removed (its history is kept)" in lines


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["people"][0].update(roles=["division_lead:surgery"]),
            "person 'Matron', field 'roles': 'division_lead:surgery' names no known division "
            "(use division_lead:<division key>)",
        ),
        (
            lambda d: d["people"][0].update(roles=["division_member"]),
            "names no known division",
        ),
        (
            lambda d: d["people"][3].update(roles=["senior_leader:medicine"]),
            "senior_leader is trust-wide",
        ),
        (
            lambda d: d["divisions"][0]["measures"][1].update(kind="percent"),
            "division 'medicine', measure 2 'falls', field 'sum_of': a percent cannot be added up",
        ),
        (
            lambda d: d["divisions"][0]["measures"][0].update(weighted_by="beds"),
            "field 'weighted_by': only a mean_of is weighted",
        ),
        (
            lambda d: d["divisions"][0].update(response_hours=0),
            "division 'medicine', field 'response_hours': must be a number of hours above 0",
        ),
        (
            lambda d: d["trust"]["measures"][0].update(target=150),
            "trust, measure 1 'four-hour', field 'target': 150 is not a percentage",
        ),
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][0].update(sum_of="falls"),
            "team 'ward-7', measure 1 'falls', field 'sum_of': unknown field",
        ),
    ],
)
def test_tier_mistakes_are_refused_naming_the_entry_and_field(change: Any, message: str) -> None:
    doc = copy.deepcopy(DOC)
    change(doc)
    with pytest.raises(ConfigError) as refused:
        parse_config(doc)
    assert message in str(refused.value)
