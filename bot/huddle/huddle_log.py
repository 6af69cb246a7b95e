"""The huddle log asked in one place: that a team's huddle happened on a day, and how often."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.huddle.once import insert_once
from bot.stores.tables.core import Team
from bot.stores.tables.huddle import HuddleLog


def held(session: Session, team: Team, day: date, now: datetime, nothing: bool = False) -> None:
    """Note in the huddle log that the team's huddle happened that day."""
    query = select(HuddleLog).where(HuddleLog.team_id == team.id, HuddleLog.day == day)
    row = session.scalar(query)
    if row is None:
        first = {"team_id": team.id, "day": day, "first_at": now, "last_at": now}
        insert_once(session, HuddleLog, held=True, nothing_to_record=nothing, **first)
        row = session.scalar(query)  # ours, or the one another answer added a moment ago
        assert row is not None
    row.held, row.last_at = True, max(row.last_at, now)
    row.nothing_to_record = row.nothing_to_record and nothing
    session.flush()


def recorded_since(session: Session, team: Team, day: date, since: datetime) -> bool:
    """Whether anything was noted for the team's huddle of `day` at or after `since`."""
    return (
        session.scalar(
            select(HuddleLog.id).where(
                HuddleLog.team_id == team.id, HuddleLog.day == day, HuddleLog.last_at >= since
            )
        )
        is not None
    )


def held_series(session: Session, team: Team, first: date, last: date) -> dict[date, bool]:
    """Whether the huddle happened on each day from `first` to `last`: the "huddles held"
    measure, for charts."""
    rows = session.scalars(
        select(HuddleLog.day).where(
            HuddleLog.team_id == team.id,
            HuddleLog.held.is_(True),
            HuddleLog.day >= first,
            HuddleLog.day <= last,
        )
    )
    held_on = set(rows)
    days = (last - first).days + 1
    return {first + timedelta(days=i): first + timedelta(days=i) in held_on for i in range(days)}


def held_days(session: Session, team: Team, today: date, days: int = 7) -> int:
    """How many of the last `days` days (today included) the team's huddle happened."""
    return int(
        session.scalar(
            select(func.count()).where(
                HuddleLog.team_id == team.id,
                HuddleLog.held.is_(True),
                HuddleLog.day > today - timedelta(days=days),
                HuddleLog.day <= today,
            )
        )
        or 0
    )


def held_by(session: Session, team_ids: list[int], day: date) -> set[int]:
    """Which of these teams held their huddle that day."""
    if not team_ids:
        return set()
    query = select(HuddleLog.team_id).where(
        HuddleLog.team_id.in_(team_ids), HuddleLog.day == day, HuddleLog.held.is_(True)
    )
    return set(session.scalars(query))


def last_held_before(session: Session, team: Team, day: date) -> date | None:
    """The last day before `day` on which the team (or tier) held its huddle."""
    return session.scalar(
        select(func.max(HuddleLog.day)).where(
            HuddleLog.team_id == team.id, HuddleLog.held.is_(True), HuddleLog.day < day
        )
    )
