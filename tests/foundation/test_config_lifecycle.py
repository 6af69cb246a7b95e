"""`config apply` says what it changes, can dry-run, retires leavers with `--prune`, and refuses
mistakes with the entry and field named."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.events import Command, Origin, Sender
from bot.messages import Post, fallback_text
from bot.stores.tables.core import Reading, Team
from bot.stores.tables.schedule import OutboxRow
from huddlebot.bootstrap import build
from huddlebot.settings import Settings
from scheduler.tick import tick
from tests.foundation.test_config import EXAMPLE, huddlebot

NOW = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # a Tuesday


def _example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


def _write(tmp_path: Path, doc: dict, name: str = "trust.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def _apply(database_url: str, path: Path, *flags: str) -> str:
    result = huddlebot(database_url, "config", "apply", str(path), *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _said(database_url: str, who: str, room: str, line: str) -> str:
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        name, _, rest = line.lstrip("/").partition(" ")
        sender, origin = Sender("console", who, who), Origin("console", "console", room)
        posts = runtime.bot.handle(Command(sender, origin, name, rest, NOW))
        return " | ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))
    finally:
        runtime.db.dispose()


def test_apply_prints_what_changed_and_a_second_apply_says_no_changes(
    database_url: str, tmp_path: Path
) -> None:
    first = _apply(database_url, EXAMPLE)
    assert "team 'ward-7' added" in first
    assert "slot 08:30 of team 'ward-7' added" in first
    assert "measure staffing of team 'ward-7' added (percent)" in first
    assert "role team_lead:ward-7 granted to 'Demo Lead'" in first
    assert "no changes" in _apply(database_url, EXAMPLE)

    doc = _example()
    ward7 = doc["divisions"][0]["teams"][0]
    ward7["measures"][1]["target"] = 90
    ward7["huddles"].append({"time": "14:00", "days": "mon-fri", "bank_holidays": "run"})
    doc["people"][1]["roles"] = ["team_lead:ward-9"]
    changed = _apply(database_url, _write(tmp_path, doc))
    assert "measure staffing of team 'ward-7' changed: target 95 → 90" in changed
    assert "slot 14:00 of team 'ward-7' added (mon-fri)" in changed
    assert "role team_lead:ward-9 granted to 'Demo Nurse'" in changed
    assert "role member:ward-7 revoked from 'Demo Nurse'" in changed
    assert "no changes" in _apply(database_url, _write(tmp_path, doc))


def test_a_dry_run_prints_the_same_changes_and_changes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    _apply(database_url, EXAMPLE)
    before = huddlebot(database_url, "config", "export").stdout
    doc = _example()
    doc["divisions"][0]["teams"][0]["name"] = "Ward Seven"
    doc["people"] = [p for p in doc["people"] if p["name"] != "Demo Nurse"]
    path = _write(tmp_path, doc)
    dry = _apply(database_url, path, "--dry-run", "--prune")
    assert "dry run, nothing was changed" in dry
    assert huddlebot(database_url, "config", "export").stdout == before
    assert "Ward 7" in _said(database_url, "Demo Nurse", "#ward-7", "/huddle board")
    real = _apply(database_url, path, "--prune")
    changes = lambda out: [line for line in out.splitlines() if line.startswith("  ")]  # noqa: E731
    assert changes(dry) == changes(real) and changes(real)
    assert "team 'ward-7' changed: name Ward 7 → Ward Seven" in real
    assert huddlebot(database_url, "config", "export").stdout != before


def _without_ed_and_nurse() -> dict:
    doc = _example()
    doc["divisions"][0]["teams"] = [t for t in doc["divisions"][0]["teams"] if t["key"] != "ward-9"]
    doc["people"] = [p for p in doc["people"] if p["name"] != "Demo Nurse"]
    return doc


def test_without_prune_entries_missing_from_the_file_are_named_and_kept(
    database_url: str, tmp_path: Path
) -> None:
    _apply(database_url, EXAMPLE)
    out = _apply(database_url, _write(tmp_path, _without_ed_and_nurse()))
    assert "In the database but not in the file: team 'ward-9', person 'Demo Nurse'" in out
    assert "use --prune to retire them" in out
    exported = yaml.safe_load(huddlebot(database_url, "config", "export").stdout)
    assert "ward-9" in [t["key"] for t in exported["divisions"][0]["teams"]]
    assert "Demo Nurse" in [p["name"] for p in exported["people"]]
    recorded = _said(database_url, "Demo Nurse", "#ward-7", "/huddle falls 1")
    assert "Recorded" in recorded or "recorded" in recorded, recorded


def _summary_measures(database_url: str) -> int:
    """How many measures the trust admin's `/huddle summary` covers."""
    said = _said(database_url, "Demo Admin", "@Demo Admin", "/huddle summary")
    found = re.search(r"(\d+) measures", said)
    assert found, said
    return int(found.group(1))


def test_prune_retires_a_leaver_and_a_team_keeping_their_history(
    database_url: str, tmp_path: Path
) -> None:
    _apply(database_url, EXAMPLE)
    assert "ecorded" in _said(database_url, "Demo Nurse", "#ward-7", "/huddle falls 1")
    assert "ecorded" in _said(database_url, "Demo Admin", "#ward-9", "/huddle falls 2")
    measures_before = _summary_measures(database_url)

    out = _apply(database_url, _write(tmp_path, _without_ed_and_nurse()), "--prune")
    assert "team 'ward-9' retired: its history is kept, its schedules stopped" in out
    assert "person 'Demo Nurse' retired: no longer recognised, roles revoked (member:ward-7)" in out
    assert "use --prune" not in out
    assert "no changes" in _apply(database_url, _write(tmp_path, _without_ed_and_nurse()))

    # the leaver is refused, and their reading (like the team's) is kept
    refused = _said(database_url, "Demo Nurse", "#ward-7", "/huddle falls 3")
    assert "I don't know you yet" in refused
    ward9 = next(t for t in _example()["divisions"][0]["teams"] if t["key"] == "ward-9")
    assert _summary_measures(database_url) == measures_before - len(ward9["measures"])
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        with runtime.db.session() as s:
            assert s.scalar(select(func.count()).select_from(Reading)) == 2
            ward9 = s.scalar(select(Team).where(Team.key == "ward-9"))
            assert ward9 is not None and ward9.retired_at is not None
            ward9_id = ward9.id
        # no more prompts for the retired team; the others still get theirs
        tick(runtime.db, runtime.bot.compose, NOW - timedelta(hours=2))
        tick(runtime.db, runtime.bot.compose, NOW + timedelta(days=1))
        with runtime.db.session() as s:
            teams = set(
                s.scalars(select(OutboxRow.team_id).where(OutboxRow.kind == "huddle.prompt"))
            )
        assert ward9_id not in teams and teams
    finally:
        runtime.db.dispose()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["people"][1].update(slack="U0LEAD"),
            [
                "person 'Demo Nurse'",
                "field 'slack'",
                "'U0LEAD'",
                "already the Slack id of person 'Demo Lead'",
            ],
        ),
        (
            lambda d: d["people"][1].update(teams="29:lead"),
            [
                "person 'Demo Nurse'",
                "field 'teams'",
                "'29:lead'",
                "already the Teams id of person 'Demo Lead'",
            ],
        ),
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][1].update(target=150),
            ["team 'ward-7', measure 2 'staffing'", "field 'target'", "150", "between 0 and 100"],
        ),
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][2].update(min=5, max=1),
            ["measure 3 'mood'", "field 'min'", "min 5 is above max 1"],
        ),
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][2].update(target=7),
            ["measure 3 'mood'", "field 'target'", "target 7 is above max 5"],
        ),
        (
            lambda d: d["divisions"][0]["teams"][0]["measures"][0].update(target=-1),
            ["measure 1 'falls'", "field 'target'", "below 0"],
        ),
        (
            lambda d: (
                d["divisions"][0]["teams"][0].update(slack_channel="C0SHARED"),
                d["divisions"][0]["teams"][1].update(slack_channel="C0SHARED"),
            ),
            ["team 'ward-9'", "field 'slack_channel'", "already the channel of team 'ward-7'"],
        ),
        (
            lambda d: (
                d["trust"].update(wins_channel="C0WINS"),
                d["divisions"][1]["teams"][0].update(slack_channel="C0WINS"),
            ),
            ["team 'theatres'", "field 'slack_channel'", "already the channel of trust"],
        ),
        (
            lambda d: (
                d["trust"].update(learning_channel="C0LEARN"),
                d["divisions"][0]["teams"][1].update(slack_channel="C0LEARN"),
            ),
            ["team 'ward-9'", "field 'slack_channel'", "trust (as its learning channel)"],
        ),
    ],
)
def test_mistakes_are_refused_with_entry_and_field_named(
    database_url: str, tmp_path: Path, change, expected: list[str]
) -> None:
    _apply(database_url, EXAMPLE)
    before = huddlebot(database_url, "config", "export").stdout
    doc = _example()
    change(doc)
    result = huddlebot(database_url, "config", "apply", str(_write(tmp_path, doc)))
    assert result.returncode == 2
    for part in expected:
        assert part in result.stderr, result.stderr
    assert "Nothing was applied" in result.stderr
    assert huddlebot(database_url, "config", "export").stdout == before


def test_an_unquoted_time_gets_a_hint_to_quote_it(database_url: str, tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace(
        '{time: "08:30", days: mon-sun', "{time: 14:00, days: mon-sun"
    )
    assert "time: 14:00" in text
    path = tmp_path / "unquoted.yaml"
    path.write_text(text)
    result = huddlebot(database_url, "config", "apply", str(path))
    assert result.returncode == 2
    assert "team 'ward-7', huddle 1, field 'time'" in result.stderr
    assert 'write it in quotes: "14:00"' in result.stderr


def test_export_after_chat_slot_changes_applies_again(database_url: str, tmp_path: Path) -> None:
    _apply(database_url, EXAMPLE)
    for line in ("/huddle slot add 14:00 mon-fri", "/huddle slot add 14:00"):
        assert "now huddles at 14:00" in _said(database_url, "Demo Lead", "#ward-7", line)
    exported = huddlebot(database_url, "config", "export").stdout
    slots = yaml.safe_load(exported)["divisions"][0]["teams"][0]["huddles"]
    assert {"time": "14:00", "days": "mon-sun", "bank_holidays": "run"} in slots
    again = tmp_path / "exported.yaml"
    again.write_text(exported)
    assert "no changes" in _apply(database_url, again)
    assert huddlebot(database_url, "config", "export").stdout == exported


def test_prune_takes_a_retired_team_and_leader_off_the_visit_rota(
    database_url: str, tmp_path: Path
) -> None:
    from bot.stores.tables.schedule import TimerRow
    from bot.stores.tables.visits import Visit

    _apply(database_url, EXAMPLE)
    planned = huddlebot(
        database_url, "visits", "plan", "--from", "2027-03-01", "--weeks", "8", "--apply"
    )
    assert planned.returncode == 0, planned.stderr
    assert "Demo Chair" in planned.stdout and "Ward 9:" in planned.stdout
    doc = _example()
    doc["divisions"][0]["teams"] = [t for t in doc["divisions"][0]["teams"] if t["key"] != "ward-9"]
    doc["people"] = [p for p in doc["people"] if p["name"] != "Demo Chair"]
    doc["visits"]["leaders"] = [v for v in doc["visits"]["leaders"] if v["name"] != "Demo Chair"]
    out = _apply(database_url, _write(tmp_path, doc), "--prune")
    assert "team 'ward-9' retired" in out and "person 'Demo Chair' retired" in out
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        with runtime.db.session() as s:
            ward9 = s.scalar(select(Team).where(Team.key == "ward-9"))
            assert ward9 is not None
            visits = list(s.scalars(select(Visit)))
            theirs = [v for v in visits if v.team_id == ward9.id]
            assert theirs and {v.status for v in theirs} == {"replaced"}
            on_rota = [v for v in visits if v.status == "planned"]
            assert on_rota and all("Demo Chair" not in v.leaders for v in on_rota)
            # their reminders stop; the cancellation is told through the scheduler
            pending = list(s.scalars(select(TimerRow).where(TimerRow.status == "pending")))
            assert all(t.kind == "visits.cancelled" for t in pending if t.team_id == ward9.id)
            assert any(t.kind == "visits.cancelled" for t in pending if t.team_id == ward9.id)
    finally:
        runtime.db.dispose()


def test_a_channel_the_file_takes_from_another_team_is_named_in_the_changes(
    database_url: str, tmp_path: Path
) -> None:
    _apply(database_url, EXAMPLE)
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        lead, room = Sender("slack", "U0LEAD", "Demo Lead"), Origin("slack", "T0", "C0SHARED")
        runtime.bot.handle(Command(lead, room, "huddle", "link ward-7", NOW))
    finally:
        runtime.db.dispose()
    doc = _example()
    doc["divisions"][0]["teams"][1]["slack_channel"] = "C0SHARED"
    path = _write(tmp_path, doc)
    moved = "channel C0SHARED on Slack moved from team 'ward-7' to team 'ward-9'"
    dry = _apply(database_url, path, "--dry-run")
    assert moved in dry and "would be told in chat" in dry
    assert _told_of_taken_channel(database_url) == []
    out = _apply(database_url, path)
    assert moved in out and "team 'ward-9' changed: slack_channel (none) → C0SHARED" in out
    assert "are told in chat" in out
    # ward-7's lead hears it in chat, privately, with how to link another channel
    told = _told_of_taken_channel(database_url)
    assert told and {to for to, _ in told} <= {"U0LEAD", "@Demo Lead"}
    assert all("C0SHARED" in text and "/huddle link ward-7" in text for _, text in told)
    assert "no changes" in _apply(database_url, path)
    assert len(_told_of_taken_channel(database_url)) == len(told)  # once


def _told_of_taken_channel(database_url: str) -> list[tuple[str, str]]:
    """(conversation, text) of the queued messages about a channel the file took."""
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        with runtime.db.session() as s:
            rows = s.scalars(select(OutboxRow).where(OutboxRow.kind == "config.channel_taken"))
            return [(r.scope.rsplit("|", 1)[-1], r.payload) for r in rows]
    finally:
        runtime.db.dispose()


def test_prune_retires_a_division_the_file_no_longer_lists(
    database_url: str, tmp_path: Path
) -> None:
    doc = _example()
    spare = {"key": "estates", "name": "Estates", "slack_channel": "C0ESTATES", "teams": [],
             "huddles": [{"time": "11:00", "days": "mon-fri"}]}  # fmt: skip
    _apply(database_url, _write(tmp_path, {**doc, "divisions": [*doc["divisions"], spare]}))
    assert "estates" in [d["key"] for d in _exported(database_url)["divisions"]]

    kept = _apply(database_url, _write(tmp_path, doc))
    assert "In the database but not in the file: division 'estates'" in kept
    assert "estates" in [d["key"] for d in _exported(database_url)["divisions"]]

    out = _apply(database_url, _write(tmp_path, doc), "--prune")
    assert "division 'estates' retired: its history is kept, its channels released" in out
    assert "estates" not in [d["key"] for d in _exported(database_url)["divisions"]]
    assert "no changes" in _apply(database_url, _write(tmp_path, doc))
    # its channel is free again: a team lead may link it
    runtime = build(Settings(database_url=database_url), migrate=False)
    try:
        with runtime.db.session() as s:  # and its tier-2 huddle prompts no more
            seat = s.scalar(select(Team).where(Team.key == "division.estates"))
            assert seat is not None and seat.retired_at is not None
        lead, room = Sender("slack", "U0LEAD", "Demo Lead"), Origin("slack", "T0", "C0ESTATES")
        posts = runtime.bot.handle(Command(lead, room, "huddle", "link ward-7", NOW))
        said = " ".join(fallback_text(p.message) for p in posts if isinstance(p, Post))
        assert "now Ward 7's huddle channel" in said, said
    finally:
        runtime.db.dispose()


def _exported(database_url: str) -> dict:
    return yaml.safe_load(huddlebot(database_url, "config", "export").stdout)


def test_the_learning_channel_is_applied_exported_and_applied_again(
    database_url: str, tmp_path: Path
) -> None:
    doc = _example()
    doc["trust"]["learning_channel"] = "C0LEARN"
    path = _write(tmp_path, doc)
    _apply(database_url, path)
    exported = huddlebot(database_url, "config", "export").stdout
    assert yaml.safe_load(exported)["trust"]["learning_channel"] == "C0LEARN"
    again = tmp_path / "again.yaml"
    again.write_text(exported)
    assert "no changes" in _apply(database_url, again)
