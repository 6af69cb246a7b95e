"""Anonymous measures (mood): one answer per person per day, stored so no one can be identified.

Each answer is keyed by a hash of person, measure and day under the day's random salt and,
when the deployment sets HUDDLEBOT_ANONYMOUS_KEY, a server-side secret that is never stored, so
a copy of the database cannot be tried against each person's id; salts older than a week are
deleted, after which no one (not even with the key) can redo the hash.

A day's answers are open only on that day (the team's time) and close at midnight; the
scheduler then settles the day: its mean becomes one reading with no person, and only when at
least `MIN_ANSWERS` people answered. Nothing shows a day's figure before it closes, so no view
changes with each answer and no one can subtract one figure from the next.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.huddle.days import local_moment
from bot.huddle.once import insert_once
from bot.stores.tables.core import Measure, Reading, Team
from bot.stores.tables.huddle import AnonymousAnswer, AnonymousSalt

MIN_ANSWERS = 5
KEEP_SALTS = timedelta(days=8)
SETTLE_AFTER = timedelta(minutes=10)  # past midnight: answers typed at 23:59 have been saved
NOT_SHOWN_YET = "not shown yet"
TOO_FEW = f"too few answers to show (fewer than {MIN_ANSWERS})"
WHEN_SHOWN = (
    "it is anonymous, so a day is shown only after its answers close at midnight, and only with "
    f"{MIN_ANSWERS} or more answers"
)


def _salt(session: Session, day: date, today: date) -> str:
    session.execute(delete(AnonymousSalt).where(AnonymousSalt.day < today - KEEP_SALTS))
    insert_once(session, AnonymousSalt, day=day, salt=secrets.token_hex(32))
    salt = session.scalar(select(AnonymousSalt.salt).where(AnonymousSalt.day == day))
    assert salt is not None
    return salt


def voter(salt: str, person_id: int, measure_id: int, day: date, key: bytes = b"") -> str:
    """The answer's key. With the server's `key` (never stored) even a copy of the database
    with its salts cannot be tried against each person's id."""
    message = f"{person_id}:{measure_id}:{day.isoformat()}".encode()
    return hmac.new(key + salt.encode(), message, hashlib.sha256).hexdigest()


def open_day(team: Team, now: datetime) -> date:
    """The one day whose answers are open at `now`: the team's today."""
    return now.astimezone(ZoneInfo(team.timezone)).date()


def answer(
    session: Session,
    team: Team,
    measure: Measure,
    day: date,
    person_id: int,
    value: float,
    today: date,
    key: bytes = b"",
) -> None:
    """Store (or replace) this person's answer; nothing anyone can see changes until midnight."""
    if day != today:
        raise ValueError("anonymous answers are taken for the open day only")
    hashed = voter(_salt(session, day, today), person_id, measure.id, day, key)
    session.execute(
        delete(AnonymousAnswer).where(
            AnonymousAnswer.measure_id == measure.id,
            AnonymousAnswer.day == day,
            AnonymousAnswer.voter == hashed,
        )
    )
    insert_once(session, AnonymousAnswer, measure_id=measure.id, day=day, voter=hashed, value=value)


def tally(session: Session, measure: Measure, day: date) -> tuple[int, float | None]:
    """How many answered that day, and the mean."""
    count, mean = session.execute(
        select(func.count(), func.avg(AnonymousAnswer.value)).where(
            AnonymousAnswer.measure_id == measure.id, AnonymousAnswer.day == day
        )
    ).one()
    return int(count), (float(mean) if mean is not None else None)


def settle(session: Session, now: datetime) -> int:
    """Turn each closed day's answers (of the last week) into its one reading, when 5 or more
    answered; returns how many days got a figure. Safe to repeat: a settled day is left alone."""
    settled = select(Reading.id).where(
        Reading.measure_id == AnonymousAnswer.measure_id, Reading.day == AnonymousAnswer.day
    )
    rows = session.execute(
        select(AnonymousAnswer.measure_id, AnonymousAnswer.day, Team.timezone)
        .join(Measure, Measure.id == AnonymousAnswer.measure_id)
        .join(Team, Team.id == Measure.team_id)
        .where(AnonymousAnswer.day >= now.date() - KEEP_SALTS, ~settled.exists())
        .group_by(AnonymousAnswer.measure_id, AnonymousAnswer.day, Team.timezone)
        .having(func.count() >= MIN_ANSWERS)
    ).all()
    shown = 0
    for measure_id, day, zone in rows:
        if day >= (now - SETTLE_AFTER).astimezone(ZoneInfo(zone)).date():
            continue  # still open (or only just closed)
        measure = session.get(Measure, measure_id)
        count, mean = tally(session, measure, day) if measure else (0, None)
        if mean is None or count < MIN_ANSWERS:
            continue
        session.add(
            Reading(
                measure_id=measure_id,
                day=day,
                value=round(mean, 2),
                person_id=None,
                recorded_at=local_moment(day + timedelta(days=1), time(0), zone),
                source="anonymous",
            )
        )
        shown += 1
    session.flush()
    return shown


def summary(session: Session, measure: Measure, day: date, today: date) -> str:
    """A day as anyone may see it: `3.8 (6 answers)`, too few, or not shown yet."""
    if day >= today:
        return NOT_SHOWN_YET
    figure = session.scalar(
        select(Reading.value).where(Reading.measure_id == measure.id, Reading.day == day)
    )
    if figure is not None:
        count, _ = tally(session, measure, day)
        return f"{figure:.1f} ({count} answers)"
    count, _ = tally(session, measure, day)
    return TOO_FEW if count < MIN_ANSWERS else NOT_SHOWN_YET
