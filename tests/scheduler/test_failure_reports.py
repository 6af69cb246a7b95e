"""After an outage many rows can end undelivered at once: the trust admin gets one list, each
team lead one message about their team, never a message per row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sched_kit import seed
from sqlalchemy import select, update

from bot import outbox_json
from bot.db import Database
from bot.messages import Address, Post, Text
from bot.stores.tables.schedule import OutboxRow
from scheduler.enqueue import enqueue
from scheduler.reporting import report_failures

NOW = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def _ended(
    db: Database,
    team_id: int,
    n: int,
    status: str,
    kind: str,
    error: str,
    queued: datetime = NOW - timedelta(hours=1),
) -> None:
    with db.session() as s:
        post = Post(Address("slack", "T1", f"C{n:04d}"), Text("prompt"), key=f"{kind}:{n}")
        row = enqueue(
            s,
            post,
            key=f"{kind}:{n}",
            now=queued,
            kind=kind,
            team_id=team_id,
            due_at=datetime(2027, 3, 1, 8, 30, tzinfo=UTC),
        )
        s.execute(
            update(OutboxRow).where(OutboxRow.id == row).values(status=status, last_error=error)
        )


def _reports(db: Database) -> dict[str, list[str]]:
    with db.session() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.kind.like("report.%"))).all()
        found: dict[str, list[str]] = {}
        for row in rows:
            post = outbox_json.loads(row.payload)
            found.setdefault(post.to.conversation, []).append(post.message.text)
        return found


def test_twenty_dead_rows_are_one_list_for_the_admin(db: Database) -> None:
    ids = seed(db)
    for n in range(20):
        _ended(db, ids["ward-7"], n, "dead", "huddle.prompt", "not_in_channel")
    with db.session() as s:
        assert report_failures(s, NOW) == 20
    (listing,) = _reports(db)["D0ADMIN"]
    assert listing.count("• A huddle prompt for Ward-7 could not be delivered to C") == 15
    assert "…and 5 more: `huddlebot outbox --status dead` lists them all." in listing
    assert "removed from some of them" in listing
    with db.session() as s:  # reported once: the next tick has nothing to say
        assert report_failures(s, NOW + timedelta(seconds=30)) == 0
    assert len(_reports(db)["D0ADMIN"]) == 1


def test_a_fan_out_refused_while_its_tick_runs_is_one_report_at_the_next_tick(
    db: Database,
) -> None:
    """The 08:30 tick queues its prompts a chunk at a time and they go out as it composes the
    rest: two channels that refuse the bot die before the tick ends, at moments of their own.
    The admin hears of both in one list at the next tick, not of each as the tick ended."""
    ids = seed(db)
    _ended(db, ids["ward-7"], 1, "dead", "huddle.prompt", "not_in_channel", queued=NOW)
    with db.session() as s:
        assert report_failures(s, NOW) == 0  # the tick that queued it is still sending
    _ended(db, ids["ward-7"], 2, "dead", "huddle.prompt", "channel_not_found", queued=NOW)
    with db.session() as s:
        assert report_failures(s, NOW + timedelta(seconds=30)) == 2
    (listing,) = _reports(db)["D0ADMIN"]
    assert "C0001" in listing and "C0002" in listing


def test_a_team_lead_hears_once_of_their_teams_expired_messages(db: Database) -> None:
    ids = seed(db, teams=("ward-7", "ward-9"))
    _ended(db, ids["ward-7"], 1, "expired", "huddle.prompt", "the scheduler was not running")
    _ended(db, ids["ward-7"], 2, "expired", "huddle.nudge", "the scheduler was not running")
    _ended(db, ids["ward-9"], 3, "expired", "huddle.prompt", "the scheduler was not running")
    with db.session() as s:
        report_failures(s, NOW)
    told = _reports(db)
    (ward_7,) = told["D-ward-7"]
    assert "The huddle prompt for Ward-7 due at 08:30 on Mon 01 Mar was not sent" in ward_7
    assert "The huddle reminder for Ward-7" in ward_7
    assert "Please run today's huddle without it." in ward_7
    (ward_9,) = told["D-ward-9"]
    assert "Ward-9" in ward_9 and "Ward-7" not in ward_9
    assert "D0ADMIN" not in told  # expired is the team's business; nothing is broken


def test_reports_say_in_words_what_was_missed_once_each_and_only_where_the_bot_runs(
    db: Database,
) -> None:
    from bot.routes import TIMED

    ids = seed(db)
    kinds = sorted(TIMED)  # everything the scheduler can bring
    for n, kind in enumerate(kinds):
        for place in range(3):  # the same message due in three of the team's channels
            _ended(db, ids["ward-7"], 100 * n + place, "expired", kind, "the bot was down")
    with db.session() as s:
        report_failures(s, NOW, platforms=frozenset({"console"}))
    assert _reports(db) == {}  # the lead is reachable on Slack only, which this bot does not run
    with db.session() as s:
        s.execute(update(OutboxRow).values(reported_at=None))
        report_failures(s, NOW)
    (listing,) = _reports(db)["D-ward-7"]
    lines = [line for line in listing.splitlines() if line.startswith("• ")]
    # One line per message, not per channel; each kind in its own words (a fallback for an
    # unnamed kind would make two lines the same, and they would fold into one).
    assert len(lines) == min(len(kinds), 15)
    assert "_" not in listing  # no internal name such as week_before
    assert not any(kind in listing for kind in kinds)
