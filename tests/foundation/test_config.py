"""`huddlebot config apply/export`: idempotent, all or nothing, precise errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.db import Database
from bot.stores.tables.core import HuddleSlot, Measure, Person, Role, Team
from tests.kit.cli import Ran, run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "trust.yaml"


def huddlebot(database_url: str, *args: str, stdin: str = "") -> Ran:
    """`huddlebot ARGS` on the database, in this process (see tests/kit/cli.py)."""
    return run_cli(database_url, *args, stdin=stdin, cwd=ROOT)


def counts(database_url: str) -> dict[str, int]:
    db = Database(database_url)
    try:
        with db.session() as s:
            return {
                t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
                for t in (Team, Measure, HuddleSlot, Person, Role)
            }
    finally:
        db.dispose()


def test_apply_twice_changes_nothing_and_export_round_trips(
    database_url: str, tmp_path: Path
) -> None:
    first = huddlebot(database_url, "config", "apply", str(EXAMPLE))
    assert first.returncode == 0, first.stderr
    after_first = counts(database_url)
    # three teams, and a seat for each division's and the trust's own huddle (bot/tiers/seats.py)
    assert after_first["teams"] == 3 + 3 and after_first["people"] == 5
    exported_once = huddlebot(database_url, "config", "export").stdout
    assert huddlebot(database_url, "config", "apply", str(EXAMPLE)).returncode == 0
    assert counts(database_url) == after_first
    assert huddlebot(database_url, "config", "export").stdout == exported_once
    # the export is itself a valid configuration that applies to the same state
    again = tmp_path / "exported.yaml"
    again.write_text(exported_once)
    assert huddlebot(database_url, "config", "apply", str(again)).returncode == 0
    assert huddlebot(database_url, "config", "export").stdout == exported_once
    doc = yaml.safe_load(exported_once)
    ward7 = doc["divisions"][0]["teams"][0]
    assert ward7["huddles"] == [{"time": "08:30", "days": "mon-sun", "bank_holidays": "run"}]
    assert {
        "key": "mood",
        "name": "Team mood",
        "kind": "score",
        "direction": "up",
        "min": 1,
        "max": 5,
        "anonymous": True,
    } in ward7["measures"]
    assert doc["visits"]["leaders"][0]["name"] == "Demo Director"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][0].update(kind="counts"),
            ["team 'ward-7'", "measure 1 'falls'", "'kind'", "unknown measure kind 'counts'"],
        ),
        (
            lambda d: d["divisions"][1]["teams"][0].update(key="ward-7"),
            ["team 'ward-7'", "'key'", "used twice"],
        ),
        (
            lambda d: d["divisions"][0]["teams"][1]["huddles"][0].update(time="25:99"),
            ["team 'ward-9', huddle 1", "'time'", "'25:99'"],
        ),
        (
            lambda d: d["people"][0].update(roles=["team_lead:ward-99"]),
            ["person 'Demo Lead'", "'roles'", "ward-99"],
        ),
    ],
)
def test_a_broken_file_names_entry_and_field_and_changes_nothing(
    database_url: str, tmp_path: Path, change, expected: list[str]
) -> None:
    assert huddlebot(database_url, "config", "apply", str(EXAMPLE)).returncode == 0
    before = huddlebot(database_url, "config", "export").stdout
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["divisions"][0]["teams"][0]["name"] = "Ward Seven (renamed)"  # would change if applied
    change(doc)
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(doc))
    result = huddlebot(database_url, "config", "apply", str(broken))
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith(str(broken))
    for part in expected:
        assert part in message
    assert "Nothing was applied" in message
    assert huddlebot(database_url, "config", "export").stdout == before


def test_unreadable_yaml_is_refused_politely(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("trust: {name: [unclosed\n")
    result = huddlebot(database_url, "config", "apply", str(bad))
    assert result.returncode == 2
    assert "not valid YAML" in result.stderr and "Traceback" not in result.stderr


def test_the_trusts_own_workspace_and_tenant_can_be_named(
    database_url: str, tmp_path: Path
) -> None:
    """Named in the file, only they get in, even when a stranger's workspace is seen first."""
    from datetime import UTC, datetime

    from bot.events import Command, Origin, Sender
    from huddlebot.bootstrap import build
    from huddlebot.settings import Settings

    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["trust"].update(slack_workspace="T0OURS", teams_tenant="tenant-ours")
    named = tmp_path / "named.yaml"
    named.write_text(yaml.safe_dump(doc))
    applied = huddlebot(database_url, "config", "apply", str(named))
    assert applied.returncode == 0, applied.stderr
    exported = yaml.safe_load(huddlebot(database_url, "config", "export").stdout)
    assert exported["trust"]["slack_workspace"] == "T0OURS"
    assert exported["trust"]["teams_tenant"] == "tenant-ours"

    runtime = build(Settings(database_url=database_url), migrate=False)
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    try:
        lead = Sender("slack", "U0LEAD", "Demo Lead")
        for workspace in ("T0STRANGER", "T0OURS"):
            [reply] = runtime.bot.handle(
                Command(lead, Origin("slack", workspace, "C0WARD7"), "huddle", "help", now)
            )
            said = reply.message.text
            if workspace == "T0OURS":
                assert "huddle" in said.lower() and "workspace" not in said.lower(), said
            else:
                assert "workspace" in said.lower(), said
    finally:
        runtime.db.dispose()


def test_config_apply_as_its_own_process_exits_0_and_2_for_a_broken_file(
    database_url: str, tmp_path: Path
) -> None:
    """The installed entry point, as an administrator's script calls it: exit codes tell."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("trust: {name: [unclosed\n")
    env = {**os.environ, "HUDDLEBOT_DATABASE_URL": database_url}
    codes = []
    for path in (EXAMPLE, broken):
        done = subprocess.run(
            [sys.executable, "-m", "huddlebot.cli", "config", "apply", str(path)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
        codes.append(done.returncode)
        assert "Traceback" not in done.stderr
    assert codes == [0, 2]
    assert counts(database_url)["teams"] == 3 + 3
