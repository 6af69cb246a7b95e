"""A conversation belongs to one team: no silent takeover, an explicit move by a trust admin that
both teams' leads hear about, and a team left without a channel is reported, not forgotten."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.addresses import owner_of
from bot.assembly import load_demo
from bot.events import Command, Origin, Sender
from bot.messages import Post, fallback_text
from bot.stores.tables.core import Audit, Team
from bot.stores.tables.schedule import OutboxRow
from huddlebot.bootstrap import Runtime, build
from huddlebot.settings import Settings
from scheduler.clock import FixedClock
from scheduler.tick import tick
from tests.kit.cli import run_cli

NOW = datetime(2027, 3, 2, 7, 0, tzinfo=UTC)  # Tuesday 07:00 in London (GMT)
ROOT = Path(__file__).resolve().parents[2]


def _runtime(database_url: str) -> Runtime:
    runtime = build(Settings(database_url=database_url), clock=FixedClock(NOW), migrate=False)
    with runtime.db.session() as s:
        load_demo(s, NOW.date(), NOW)
    return runtime


def _run(runtime: Runtime, who: str, room: str, line: str) -> list[Post]:
    name, _, rest = line.lstrip("/").partition(" ")
    sender, origin = Sender("console", who, who), Origin("console", "console", room)
    posts = runtime.bot.handle(Command(sender, origin, name, rest, NOW))
    return [p for p in posts if isinstance(p, Post)]


def _owner(runtime: Runtime, room: str) -> str:
    with runtime.db.session() as s:
        owner = owner_of(s, Origin("console", "console", room))
        assert owner is not None and owner[0] == "team"
        team = s.get(Team, owner[1])
        assert team is not None
        return team.key


def _denials(runtime: Runtime) -> int:
    with runtime.db.session() as s:
        return len(s.scalars(select(Audit.id).where(Audit.outcome == "denied")).all())


def test_a_lead_cannot_take_another_teams_channel(database_url: str) -> None:
    runtime = _runtime(database_url)
    try:
        [reply] = _run(runtime, "Demo Lead", "#ed", "/huddle link ward-7")
        said = fallback_text(reply.message)
        assert "already Emergency Department's huddle channel" in said
        assert "/huddle link ward-7 move" in said and "trust admin" in said
        assert _owner(runtime, "#ed") == "ed"
        [refused] = _run(runtime, "Demo Lead", "#ed", "/huddle link ward-7 move")
        assert "Only a trust admin can move it" in fallback_text(refused.message)
        assert _owner(runtime, "#ed") == "ed"
        assert _denials(runtime) == 2
        # even a trust admin does not take a channel without saying `move`
        [admin] = _run(runtime, "Demo Admin", "#ed", "/huddle link ward-7")
        assert "already Emergency Department's huddle channel" in fallback_text(admin.message)
        assert _owner(runtime, "#ed") == "ed"
    finally:
        runtime.db.dispose()


def test_a_trust_admin_moves_a_channel_and_both_leads_are_told(database_url: str) -> None:
    runtime = _runtime(database_url)
    try:
        posts = _run(runtime, "Demo Admin", "#ed", "/huddle link ward-7 move")
        here = [p for p in posts if p.to.conversation == "#ed"]
        assert "Moved" in fallback_text(here[0].message)
        assert _owner(runtime, "#ed") == "ward-7"
        told = {p.to.conversation: fallback_text(p.message) for p in posts if p not in here}
        assert set(told) == {"@Demo ED Lead", "@Demo Lead"}
        assert "Emergency Department has no huddle channel" in told["@Demo ED Lead"]
        assert "/huddle link ed" in told["@Demo ED Lead"]
        assert "Ward 7's prompts" in told["@Demo Lead"]
    finally:
        runtime.db.dispose()


def _prompt_rows(runtime: Runtime, kind: str) -> list[OutboxRow]:
    with runtime.db.session() as s:
        rows = list(
            s.scalars(select(OutboxRow).where(OutboxRow.kind == kind).order_by(OutboxRow.id))
        )
        s.expunge_all()
        return rows


def test_a_team_left_without_a_channel_is_reported_once_a_day(database_url: str) -> None:
    runtime = _runtime(database_url)
    try:
        _run(runtime, "Demo Admin", "#ed", "/huddle link ward-7 move")
        compose = runtime.bot.compose
        tick(runtime.db, compose, NOW)
        tick(runtime.db, compose, NOW + timedelta(hours=1, minutes=5))  # ED's 08:00 prompt
        tick(runtime.db, compose, NOW + timedelta(hours=13, minutes=5))  # and its 20:00 one
        with runtime.db.session() as s:
            ed = s.scalar(select(Team).where(Team.key == "ed"))
            assert ed is not None
            ed_id = ed.id
        prompts = [r for r in _prompt_rows(runtime, "huddle.prompt") if r.team_id == ed_id]
        assert [(r.status, r.platform) for r in prompts] == [("dead", "nowhere")] * 2
        assert "no channel is linked" in prompts[0].last_error
        assert "/huddle link ed" in prompts[0].last_error
        # the ED lead hears privately, the trust admin in chat; once for the day
        leads = _prompt_rows(runtime, "report.no_channel")
        # (each person's private conversations: the console's and their Slack id's)
        assert sorted(r.scope.rsplit("|", 1)[-1] for r in leads) == ["@Demo ED Lead", "U0EDLEAD"]
        admins = _prompt_rows(runtime, "report.dead")
        assert sorted(r.scope.rsplit("|", 1)[-1] for r in admins) == ["@Demo Admin", "U0ADMIN"]
        assert "Emergency Department" in admins[0].payload
        # ward-7 still gets its own prompt, now in both channels
        ward7 = [r for r in _prompt_rows(runtime, "huddle.prompt") if r.team_id != ed_id]
        assert {r.scope.rsplit("|", 1)[-1] for r in ward7} >= {"#ward-7", "#ed"}
        # the next day it is reported again
        tick(runtime.db, compose, NOW + timedelta(days=1, hours=1, minutes=5))
        assert len(_prompt_rows(runtime, "report.no_channel")) == 4
    finally:
        runtime.db.dispose()
    listed = run_cli(database_url, "outbox", "--status", "dead", "--json", cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["rows"]
    nowhere = [r for r in rows if r["platform"] == "nowhere"]
    assert all("no channel is linked" in r["error"] and r["to"] == "ed" for r in nowhere)
    # every scheduled post is shown, not only the prompts: the 08:30 reminders too
    kinds = sorted(r["kind"] for r in nowhere)
    assert kinds == ["huddle.nudge"] * 2 + ["huddle.prompt"] * 3
