"""Making Data Count options, aggregation and ratio measures in the trust configuration: checked
with entry and field named, stored, exported exactly, and what the chart analysis is built from."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from bot.charting.measure_settings import chart_settings_of, spec_of
from bot.config import ConfigError, parse_config
from bot.config.apply import apply_config
from bot.config.from_database import export_config
from bot.db import Database
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.stores.tables.core import Measure, Team, Trust

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "trust.yaml"
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def _example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text())


def _ward9(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["divisions"][0]["teams"][1]


def _apply(db: Database, doc: dict[str, Any]) -> None:
    with db.session() as s:
        apply_config(s, parse_config(doc), NOW)


def _export(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return export_config(s)


def _measure(s: Any, team: str, key: str) -> Measure:
    row = s.scalar(select(Measure).join(Team).where(Team.key == team, Measure.key == key))
    assert row is not None
    return row


def test_chart_options_aggregate_and_ratios_round_trip_exactly(db: Database) -> None:
    doc = _example()
    doc["trust"]["charts"] = {"trend_length": 6, "improvement_wins": True, "missing_days": "skip"}
    _apply(db, doc)
    exported = _export(db)
    assert exported["trust"]["charts"] == doc["trust"]["charts"]
    ulcers, _, bed_falls = _ward9(exported)["measures"][1:4]
    assert (ulcers["aggregate"], ulcers["charts"]) == ("week", {"chart": "t"})
    assert (bed_falls["kind"], bed_falls["per"], bed_falls["unit"]) == ("ratio", 1000, "bed days")
    assert bed_falls["denominator"] == "bed-days"
    _apply(db, copy.deepcopy(exported))  # config export -> config apply changes nothing
    assert _export(db) == exported
    dumped = yaml.safe_dump(exported, sort_keys=False)
    _apply(db, yaml.safe_load(dumped))
    assert yaml.safe_dump(_export(db), sort_keys=False) == dumped


def test_a_measure_overrides_the_trusts_options_which_override_the_reference(
    db: Database,
) -> None:
    doc = _example()
    doc["trust"]["charts"] = {"trend_length": 6, "baseline_points": 12}
    _ward9(doc)["measures"][1]["charts"] = {"chart": "g", "baseline_points": 30}
    _apply(db, doc)
    with db.session() as s:
        trust = s.scalar(select(Trust))
        ulcers = _measure(s, "ward-9", "pressure-ulcers")
        falls = _measure(s, "ward-9", "falls")
        expected = ChartSettings(chart="g", baseline_points=30, trend_length=6)
        assert chart_settings_of(s, ulcers) == expected
        assert chart_settings_of(trust, ulcers) == expected
        assert chart_settings_of(s, falls) == ChartSettings(baseline_points=12, trend_length=6)
    del doc["trust"]["charts"]  # dropped from the file: back to the reference defaults
    _ward9(doc)["measures"][1].pop("charts")
    _apply(db, doc)
    with db.session() as s:
        assert chart_settings_of(s, _measure(s, "ward-9", "pressure-ulcers")) == ChartSettings()


def test_each_kind_tells_the_analysis_its_bounds_direction_and_aggregation(db: Database) -> None:
    _apply(db, _example())
    with db.session() as s:
        specs = {
            key: spec_of(_measure(s, team, key))
            for team, key in (
                ("ward-7", "staffing"),
                ("ward-7", "mood"),
                ("ward-9", "pressure-ulcers"),
                ("ward-9", "bed-falls"),
                ("ward-9", "fill"),
            )
        }
    assert specs == {
        "staffing": MeasureSpec("percent", "increase", 95, 0, 100, "day", "%"),
        "mood": MeasureSpec("score", "increase", None, 1, 5, "day", ""),
        "pressure-ulcers": MeasureSpec("count", "decrease", None, 0, None, "week", ""),
        "bed-falls": MeasureSpec("ratio", "decrease", None, 0, None, "day", "per 1,000 bed days"),
        "fill": MeasureSpec("ratio", "increase", 95, 0, None, "day", "%"),
    }


Change = Callable[[dict[str, Any]], None]


def _m(doc: dict[str, Any], i: int) -> dict[str, Any]:
    return _ward9(doc)["measures"][i]


@pytest.mark.parametrize(
    ("change", "where", "field", "why"),
    [
        (
            lambda d: _m(d, 0).update(kind="minutes", min=60, max=0),
            "measure 1 'falls'",
            "min",
            "min 60 is above max 0",
        ),
        (
            lambda d: _m(d, 0).update(kind="percent", max=120),
            "measure 1 'falls'",
            "max",
            "max 120 is outside what a percent can be",
        ),
        (
            lambda d: _m(d, 0).update(aggregate="fortnight"),
            "measure 1 'falls'",
            "aggregate",
            "'fortnight' is not one of day, week, month",
        ),
        (
            lambda d: _m(d, 0).update(kind="percent", aggregate="week"),
            "measure 1 'falls'",
            "aggregate",
            "a percent is charted day by day",
        ),
        (lambda d: _m(d, 0).update(per=1000), "measure 1 'falls'", "per", "only a ratio"),
        (lambda d: _m(d, 3).update(per=0), "measure 4 'bed-falls'", "per", "above 0"),
        (
            lambda d: _m(d, 3).update(anonymous=True),
            "measure 4 'bed-falls'",
            "anonymous",
            "a ratio keeps both its numbers",
        ),
        (
            lambda d: _m(d, 1).update(charts={"chart": "pie"}),
            "measure 2 'pressure-ulcers'",
            "charts.chart",
            "chart must be one of auto, xmr, t, g, run",
        ),
        (
            lambda d: _m(d, 1).update(charts={"trend_length": 8}),
            "measure 2 'pressure-ulcers'",
            "charts.trend_length",
            "trend_length must be 6 or 7",
        ),
        (
            lambda d: d["trust"]["charts"].update(baseline_points="twenty"),
            "trust",
            "charts.baseline_points",
            "must be a whole number",
        ),
        (
            lambda d: d["trust"]["charts"].update(improvement_wins="sometimes"),
            "trust",
            "charts.improvement_wins",
            "improvement_wins must be true or false",
        ),
        (
            lambda d: d["trust"]["charts"].update(rare_events=True),
            "trust",
            "charts.rare_events",
            "unknown chart option",
        ),
        (lambda d: d["trust"].update(charts=[6]), "trust", "charts", "must be a mapping"),
        (
            lambda d: _m(d, 3).update(denominator="beds"),
            "measure 4 'bed-falls'",
            "denominator",
            "'beds' is not another measure of the team",
        ),
        (
            lambda d: _m(d, 0).update(denominator="bed-days"),
            "measure 1 'falls'",
            "denominator",
            "only a ratio measure",
        ),
        (
            lambda d: _m(d, 4).update(denominator="bed-falls"),
            "measure 5 'fill'",
            "denominator",
            "'bed-falls' is a ratio, not a figure",
        ),
    ],
)
def test_a_wrong_option_names_its_entry_and_field_and_nothing_is_applied(
    db: Database, change: Change, where: str, field: str, why: str
) -> None:
    _apply(db, _example())
    before = _export(db)
    doc = _example()
    _ward9(doc)["name"] = "Ward Nine (renamed)"  # would show if anything were applied
    change(doc)
    with pytest.raises(ConfigError) as refused:
        _apply(db, doc)
    message = str(refused.value)
    assert message.startswith("trust" if where == "trust" else f"team 'ward-9', {where}")
    assert f"field '{field}'" in message and why in message
    assert _export(db) == before
