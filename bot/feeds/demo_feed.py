"""The demo's measure fed by the API: Main Theatres' utilisation arrives from the theatre
system at 07:30 each morning (a token for it, the last week fed, and today's value)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feeds import tokens
from bot.stores.tables.core import Measure, Reading, Team, Trust

FEED = "theatre system"
TODAY_VALUE = 83.0


def add_demo_feed(session: Session, today: date, now: datetime) -> None:
    team = session.scalar(select(Team).where(Team.key == "theatres"))
    trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
    if team is None or trust is None:
        return
    measure = session.scalar(
        select(Measure).where(Measure.team_id == team.id, Measure.key == "utilisation")
    )
    if measure is None:
        return
    tokens.create(session, trust, "team", team.key, FEED, now, 365)  # its secret is not kept
    zone = ZoneInfo(team.timezone)

    def arrived(day: date) -> datetime:
        return min(datetime.combine(day, time(7, 30), zone).astimezone(UTC), now)

    week = session.scalars(
        select(Reading).where(
            Reading.measure_id == measure.id, Reading.day >= today - timedelta(days=7)
        )
    )
    for reading in week:  # the demo's history for the last week came from the feed
        reading.source, reading.feed, reading.recorded_at = "api", FEED, arrived(reading.day)
    session.add(
        Reading(
            measure_id=measure.id,
            day=today,
            value=TODAY_VALUE,
            recorded_at=arrived(today),
            source="api",
            feed=FEED,
        )
    )
    session.flush()
