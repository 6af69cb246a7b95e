"""Retention: old delivered messages and inbound ids go, pending work and measures stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.assembly import load_demo
from bot.db import Database
from bot.retention import Retention, purge
from bot.stores.tables.core import Audit, Reading
from bot.stores.tables.inbound import InboundSeen, InboxRow
from bot.stores.tables.schedule import OutboxRow
from tests.kit.cli import run_cli

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def outbox(key: str, status: str, age_days: int) -> OutboxRow:
    at = NOW - timedelta(days=age_days)
    return OutboxRow(
        idem_key=key,
        kind="huddle.prompt",
        team_id=1,
        platform="slack",
        workspace="T1",
        scope="slack|T1|C1",
        payload="{}",
        status=status,
        attempts=1,
        next_attempt_at=at,
        due_at=at,
        not_after=at,
        created_at=at,
    )


def count(db: Database, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_purge_keeps_what_matters_and_dry_run_deletes_nothing(db: Database) -> None:
    with db.session() as s:
        load_demo(s, date(2027, 6, 1), NOW)
        s.add_all(
            [
                outbox("old-sent", "sent", 120),
                outbox("old-dead", "dead", 100),
                outbox("old-but-waiting", "retry", 120),
                outbox("recent", "sent", 10),
            ]
        )
        s.add_all(
            [
                inbox_row("Ev-old", "answered", 31),
                inbox_row("Ev-new", "answered", 1),
                InboundSeen(delivery_key="old", seen_at=NOW - timedelta(days=31)),
                InboundSeen(delivery_key="new", seen_at=NOW - timedelta(days=29)),
            ]
        )
        s.add_all(
            [
                Audit(at=NOW - timedelta(days=7 * 366), action="link"),
                Audit(at=NOW - timedelta(days=5 * 366), action="link"),
            ]
        )
    readings = count(db, Reading)
    with db.session() as s:
        preview = purge(s, NOW, dry_run=True, policy=Retention())
    assert preview["outbox"] == 2 and preview["inbox"] == 1 and preview["audit"] == 1
    assert preview["inbound_seen"] == 1
    assert count(db, OutboxRow) == 4
    with db.session() as s:
        purge(s, NOW, policy=Retention())
    with db.session() as s:
        left = set(s.scalars(select(OutboxRow.idem_key)))
        assert left == {"old-but-waiting", "recent"}
        assert set(s.scalars(select(InboxRow.request_key))) == {"Ev-new"}
    assert count(db, Audit) == 1
    assert count(db, Reading) == readings > 0


def inbox_row(key: str, status: str, age_days: int) -> InboxRow:
    at = NOW - timedelta(days=age_days)
    body = None if status == "answered" else '{"text": "idea"}'
    return InboxRow(
        request_key=key, kind="command", body=body, status=status, received_at=at, lease_until=at
    )


def test_answered_slack_requests_go_and_unanswered_ones_stay(db: Database) -> None:
    with db.session() as s:
        s.add_all(
            [
                inbox_row("old-answered", "answered", 31),
                inbox_row("old-received", "received", 31),  # still to be handled: never purged
                inbox_row("new-answered", "answered", 1),
            ]
        )
    with db.session() as s:
        assert purge(s, NOW, policy=Retention())["inbox"] == 1
    with db.session() as s:
        left = set(s.scalars(select(InboxRow.request_key)))
    assert left == {"old-received", "new-answered"}


def test_purge_command_dry_run_lists_tables(database_url: str) -> None:
    result = run_cli(database_url, "purge", "--dry-run", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "outbox: would delete 0" in result.stdout
    assert "audit 6 years" in result.stdout
