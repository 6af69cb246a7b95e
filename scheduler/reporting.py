"""Turn expired and dead outbox rows into reports (team lead, trust admin), exactly once each."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import outbox_json, reports
from bot.addresses import NOWHERE
from bot.messages import Edit, Post
from bot.stores.tables.schedule import OutboxRow
from scheduler.outbox import enqueue

log = logging.getLogger(__name__)
REPORT = "report."


def _where(row: OutboxRow) -> str:
    if row.platform == NOWHERE:
        return "any channel"
    item = outbox_json.loads(row.payload)
    if isinstance(item, Edit):
        return f"{item.posted.conversation} on {row.platform.title()}"
    return f"{item.to.conversation} on {row.platform.title()}"


def _day(row: OutboxRow) -> tuple[int, str]:
    """(team, local date) of a scheduled row, from what its post says it is about."""
    item = outbox_json.loads(row.payload)
    about = item.about if isinstance(item, Post) else None
    day = about.day if about is not None else None
    return row.team_id, day.isoformat() if day else ""


def _told_today(session: Session, rows: list[OutboxRow]) -> set[tuple[int, str]]:
    """(team, local date) already reported for having no channel."""
    teams = {r.team_id for r in rows if r.platform == NOWHERE}
    if not teams:
        return set()
    earlier = session.scalars(
        select(OutboxRow).where(
            OutboxRow.platform == NOWHERE,
            OutboxRow.team_id.in_(teams),
            OutboxRow.reported_at.is_not(None),
        )
    )
    return {_day(row) for row in earlier}


def report_failures(
    session: Session,
    now: datetime,
    limit: int = 200,
    platforms: frozenset[str] | None = None,
) -> int:
    """Enqueue reports of the unreported expired and dead rows: one per team to its lead, one
    to the trust admins, on the platforms this deployment runs (None: all); returns how many
    rows were reported. A row this same tick queued that a platform refused while the tick was
    still composing waits for the next tick: a fan-out's failures then come in one report,
    not split at whatever moment the tick ended. (A row queued too late, or for a team with
    no channel, fails as it is queued, and is reported at once.)"""
    rows = session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.status.in_(("expired", "dead")),
            OutboxRow.reported_at.is_(None),
            OutboxRow.kind.not_like(f"{REPORT}%"),
            or_(
                OutboxRow.created_at < now,
                OutboxRow.status == "expired",
                OutboxRow.platform == NOWHERE,
            ),
        )
        .order_by(OutboxRow.id)
        .limit(limit)
    ).all()
    if not rows:
        return 0
    failures: dict[str, list[reports.Failure]] = {"expired": [], "dead": [], "no_channel": []}
    told = _told_today(session, rows)
    for row in rows:
        if row.platform == NOWHERE and _day(row) in told:
            continue  # a team with no channel is reported once a day, not at every slot
        reason = row.last_error or "the scheduler was not running"
        failure = reports.Failure(row.kind, row.team_id, row.due_at, _where(row), reason)
        failures[row.status].append(failure)
        if row.platform == NOWHERE:
            told.add(_day(row))
            failures["no_channel"].append(failure)
    made = reports.expired_reports(session, failures["expired"])
    made += reports.dead_reports(session, failures["dead"])
    made += reports.no_channel_reports(session, failures["no_channel"])
    key = f"report:{rows[0].id}"  # rows are reported once, so a report's first row is its own
    for report in made:
        if not report.to:
            log.warning("no one to tell: %s", report.text.text[:200])
        for post in reports.as_posts(report, key):
            if platforms is not None and post.to.platform not in platforms:
                continue
            enqueue(
                session,
                post,
                key=post.key,
                now=now,
                kind=f"{REPORT}{report.status}",
                team_id=report.team_id,
            )
    ids = [row.id for row in rows]
    session.execute(update(OutboxRow).where(OutboxRow.id.in_(ids)).values(reported_at=now))
    return len(rows)
