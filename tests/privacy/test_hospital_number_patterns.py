"""`hospital_number_pattern` is a list of the trust's own formats (one pattern still accepted):
checked when applied, exported exactly as given, kept across the storage change, and refused in
chat on top of the default formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic import command
from sqlalchemy import text

from bot.config import ConfigError, apply_config, export_config, parse_config
from bot.db import Database
from bot.events import Command, Origin, Sender
from bot.messages import fallback_text
from huddlebot.migrate import alembic_config
from tests.ops.authz_kit import NOW, demo_runtime

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "trust.yaml"
REVISION = "0010_hospital_number_patterns"


def _example(patterns: Any) -> dict[str, Any]:
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["trust"]["hospital_number_pattern"] = patterns
    return doc


def _round_trip(database_url: str, doc: dict[str, Any]) -> Any:
    db = Database(database_url)
    try:
        with db.session() as s:
            apply_config(s, parse_config(doc), NOW)
        with db.session() as s:
            exported = export_config(s)
        with db.session() as s:  # the export applies to the same state
            apply_config(s, parse_config(exported), NOW)
        with db.session() as s:
            assert export_config(s) == exported
        return exported["trust"].get("hospital_number_pattern")
    finally:
        db.dispose()


def test_the_example_shows_the_key_as_a_list() -> None:
    patterns = yaml.safe_load(EXAMPLE.read_text())["trust"]["hospital_number_pattern"]
    assert isinstance(patterns, list) and len(patterns) >= 2


@pytest.mark.parametrize("patterns", [[r"\bQ\d{5}\b", r"\bZZ-\d{4}\b"], r"\bQ\d{5}\b"])
def test_a_list_or_one_pattern_round_trips_exactly(database_url: str, patterns: Any) -> None:
    assert _round_trip(database_url, _example(patterns)) == patterns


def test_without_the_key_nothing_is_exported(database_url: str) -> None:
    doc = yaml.safe_load(EXAMPLE.read_text())
    del doc["trust"]["hospital_number_pattern"]
    assert _round_trip(database_url, doc) is None


@pytest.mark.parametrize(
    ("patterns", "words"),
    [
        ([r"\bQ\d{5}\b", "RX[0-9"], "not a valid pattern"),
        ([r"\bQ\d{5}\b", 12], "a list of patterns"),
        ({"a": "b"}, "a list of patterns"),
    ],
)
def test_a_bad_pattern_is_refused_when_applied(patterns: Any, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(_example(patterns))
    assert "hospital_number_pattern" in str(err.value) and words in str(err.value)


def test_every_listed_pattern_is_refused_in_chat(database_url: str) -> None:
    runtime = demo_runtime(database_url)
    try:
        with runtime.db.session() as s:
            apply_config(s, parse_config(_example([r"\bQ\d{5}\b", r"\bZZ-\d{4}\b"])), NOW)

        def idea(words: str) -> str:
            who = Sender("console", "Demo Nurse", "Demo Nurse")
            posts = runtime.bot.handle(
                Command(who, Origin("console", "console", "#ward-7"), "idea", words, NOW)
            )
            return " ".join(fallback_text(p.message) for p in posts)

        assert "hospital number" in idea("bed for Q12345 please")
        assert "hospital number" in idea("bed for ZZ-1234 please")
        assert "hospital number" in idea("bed for MRN 7654321 please")  # defaults still on
        assert "Idea #" in idea("bed for Q1234 please")
    finally:
        runtime.db.dispose()


def test_a_stored_single_pattern_survives_the_migration(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(db.url)
    stored = "SELECT hospital_number_pattern FROM trusts"
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
            conn.execute(
                text(
                    "INSERT INTO trusts (name, timezone, bank_holiday_region, settings_json,"
                    " hospital_number_pattern) VALUES ('T', 'Europe/London', 'e', '{}', :p)"
                ),
                {"p": r"\bRX\d{6}\b"},
            )
            command.upgrade(config, REVISION)
            assert conn.execute(text(stored)).scalar() == r'"\\bRX\\d{6}\\b"'
            conn.execute(
                text("UPDATE trusts SET hospital_number_pattern = :p"),
                {"p": '["\\\\bRX\\\\d{6}\\\\b", "\\\\bQ\\\\d{5}\\\\b"]'},
            )
            command.downgrade(config, "0001")
            assert conn.execute(text(stored)).scalar() == r"\bRX\d{6}\b"  # the first one
            command.upgrade(config, "heads")
        with db.session() as s:
            assert export_config(s)["trust"]["hospital_number_pattern"] == r"\bRX\d{6}\b"
    finally:
        db.dispose()
