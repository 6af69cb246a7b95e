"""A measure pulled from the trust's data warehouse before the huddle: the local PostgreSQL
plays the warehouse (a database of its own with a `beds` schema). The query runs read-only
with a statement timeout; a failed pull is told to the team lead and staff type the value."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from feeds_kit import TODAY, Feeds
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bot import outbox_json
from bot.config import ConfigError, apply_config, export_config, parse_config
from bot.db import normalise_url
from bot.messages import fallback_text
from bot.stores.tables.schedule import OutboxRow
from huddlebot.warehouse import SqlWarehouse
from scheduler.tick import tick

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL as the warehouse")
SQL = "SELECT occupied, staffed FROM beds.shifts WHERE day = :day"
PASSWORD = "warehouse-pw-never-logged"


@pytest.fixture
def warehouse(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A scratch database with `beds.shifts`; WAREHOUSE_URL points at it (with a password
    that local trust authentication ignores, to show it never reaches a log)."""
    name = f"hb_warehouse_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(normalise_url(PG_URL)).set(database=name, password=PASSWORD)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE SCHEMA beds"))
        conn.execute(text("CREATE TABLE beds.shifts (day date, occupied int, staffed int)"))
        conn.execute(text("INSERT INTO beds.shifts VALUES ('2027-03-01', 23, 25)"))
    engine.dispose()
    monkeypatch.setenv("WAREHOUSE_URL", url.render_as_string(hide_password=False))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pull(feeds: Feeds, sql: str = SQL, env: str = "WAREHOUSE_URL") -> None:
    """Give Ward 7's staffing a 07:30 pull through the configuration, as an admin would."""
    with feeds.runtime.db.session() as s:
        config = export_config(s)
        ward = next(t for d in config["divisions"] for t in d["teams"] if t["key"] == "ward-7")
        staffing = next(m for m in ward["measures"] if m["key"] == "staffing")
        staffing["source"] = {"sql": sql, "url_env": env, "at": "07:30", "name": "bed-state feed"}
        apply_config(s, parse_config(config), feeds.clock.now())


def _run_until(feeds: Feeds, hour: int, minute: int) -> None:
    db, compose = feeds.runtime.db, feeds.runtime.bot.compose
    tick(db, compose, datetime(2027, 3, 1, 7, 0, tzinfo=UTC))  # the scheduler's first mark
    when = datetime(2027, 3, 1, hour, minute, tzinfo=UTC)
    feeds.clock.set(when)
    tick(db, compose, when)


def _queued(feeds: Feeds, kind: str) -> list[str]:
    with feeds.runtime.db.session() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
        return [fallback_text(outbox_json.loads(r.payload).message) for r in rows]


def test_the_pulled_value_is_stored_and_the_prompt_shows_it(
    feeds: Feeds, warehouse: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _pull(feeds)
    _run_until(feeds, 8, 31)
    [fed] = feeds.readings("staffing")
    assert (fed.value, fed.numerator, fed.denominator) == (92, 23, 25)
    assert (fed.feed, fed.source) == ("bed-state feed", "pull")
    [prompt] = _queued(feeds, "huddle.prompt")[:1]
    assert "staffing 92% (23/25) (from the bed-state feed, 07:30): confirm or correct it" in prompt
    assert _queued(feeds, "readings.pull") == []  # nothing to report
    assert PASSWORD not in caplog.text
    with feeds.runtime.db.session() as s:  # the pull goes out with the configuration
        exported = export_config(s)
    ward = next(t for d in exported["divisions"] for t in d["teams"] if t["key"] == "ward-7")
    staffing = next(m for m in ward["measures"] if m["key"] == "staffing")
    assert staffing["source"]["at"] == "07:30" and staffing["source"]["url_env"] == "WAREHOUSE_URL"


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("SELECT occupied FROM beds.missing WHERE day = :day", "a table the warehouse does not"),
        (
            "WITH gone AS (DELETE FROM beds.shifts RETURNING 1) SELECT count(*) FROM gone",
            "only read",
        ),
        ("SELECT occupied FROM beds.shifts WHERE day = '1999-01-01'", "returned no value"),
        ("SELECT occupied * 10, staffed FROM beds.shifts", "not what the measure takes"),
        ("SELECT pg_sleep(3)", "longer than the 1 s allowed"),
    ],
)
def test_a_failed_pull_is_told_to_the_team_lead_and_staff_type_the_value(
    feeds: Feeds, warehouse: str, sql: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    feeds.runtime.bot.warehouse = SqlWarehouse(timeout_seconds=1)
    _pull(feeds, sql)
    _run_until(feeds, 7, 31)
    assert feeds.readings("staffing") == []
    [report] = _queued(feeds, "readings.pull")
    assert "The 07:30 warehouse pull for Ward 7 did not record:" in report
    assert "• Staffing fill rate: " in report and reason in report
    assert "staff can type today's value" in report
    assert PASSWORD not in caplog.text and "230" not in caplog.text
    engine = create_engine(normalise_url(os.environ["WAREHOUSE_URL"]))
    with engine.connect() as conn:  # read-only: nothing was deleted
        assert conn.execute(text("SELECT count(*) FROM beds.shifts")).scalar() == 1
    engine.dispose()
    feeds.clock.set(datetime(2027, 3, 1, 8, 40, tzinfo=UTC))
    assert feeds.say("Demo Nurse", "staffing 91")[0].startswith("Recorded for Ward 7, Mon 1 Mar")


def test_an_unset_url_is_reported_without_trying(feeds: Feeds, warehouse: str) -> None:
    _pull(feeds, env="NO_SUCH_WAREHOUSE")
    _run_until(feeds, 7, 31)
    [report] = _queued(feeds, "readings.pull")
    assert "the environment variable NO_SUCH_WAREHOUSE is not set" in report
    assert feeds.readings("staffing", TODAY) == []


def test_the_configuration_refuses_a_pull_that_is_not_a_query(feeds: Feeds) -> None:
    with feeds.runtime.db.session() as s:
        config = export_config(s)
    ward = next(t for d in config["divisions"] for t in d["teams"] if t["key"] == "ward-7")
    mood = next(m for m in ward["measures"] if m["key"] == "mood")
    staffing = next(m for m in ward["measures"] if m["key"] == "staffing")
    staffing["source"] = {"sql": "DELETE FROM beds", "url_env": "WAREHOUSE_URL", "at": "07:30"}
    with pytest.raises(ConfigError, match="SELECT or WITH"):
        parse_config(config)
    staffing["source"] = {"sql": SQL, "url_env": "WAREHOUSE_URL", "at": "7.30"}
    with pytest.raises(ConfigError, match="not a time"):
        parse_config(config)
    del staffing["source"]
    mood["source"] = {"sql": SQL, "url_env": "WAREHOUSE_URL", "at": "07:30"}
    with pytest.raises(ConfigError, match="anonymous"):
        parse_config(config)
