"""Anonymous measures (mood): one answer per person per day, stored so no one can be identified.

Each answer is keyed by a hash of person, measure and day under the day's random salt; salts
older than a week are deleted, after which no one (not even with the database) can redo the
hash. The day's figure is the mean, kept as one reading with no person, and only once at least
`MIN_ANSWERS` people have answered.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.huddle.days import local_moment
from bot.huddle.once import insert_once
from bot.stores.tables.core import Measure, Reading, Team
from bot.stores.tables.huddle import AnonymousAnswer, AnonymousSalt

MIN_ANSWERS = 5
KEEP_SALTS = timedelta(days=8)


def _salt(session: Session, day: date, today: date) -> str:
    session.execute(delete(AnonymousSalt).where(AnonymousSalt.day < today - KEEP_SALTS))
    insert_once(session, AnonymousSalt, day=day, salt=secrets.token_hex(32))
    salt = session.scalar(select(AnonymousSalt.salt).where(AnonymousSalt.day == day))
    assert salt is not None
    return salt


def voter(salt: str, person_id: int, measure_id: int, day: date) -> str:
    message = f"{person_id}:{measure_id}:{day.isoformat()}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()


def answer(
    session: Session,
    team: Team,
    measure: Measure,
    day: date,
    person_id: int,
    value: float,
    today: date,
) -> None:
    """Store (or replace) this person's answer and refresh the day's figure."""
    key = voter(_salt(session, day, today), person_id, measure.id, day)
    session.execute(
        delete(AnonymousAnswer).where(
            AnonymousAnswer.measure_id == measure.id,
            AnonymousAnswer.day == day,
            AnonymousAnswer.voter == key,
        )
    )
    insert_once(session, AnonymousAnswer, measure_id=measure.id, day=day, voter=key, value=value)
    _refresh(session, team, measure, day)


def tally(session: Session, measure: Measure, day: date) -> tuple[int, float | None]:
    """How many answered that day, and the mean."""
    count, mean = session.execute(
        select(func.count(), func.avg(AnonymousAnswer.value)).where(
            AnonymousAnswer.measure_id == measure.id, AnonymousAnswer.day == day
        )
    ).one()
    return int(count), (float(mean) if mean is not None else None)


def _refresh(session: Session, team: Team, measure: Measure, day: date) -> None:
    """One reading per day, no person, no history (a history of means would give answers away)."""
    count, mean = tally(session, measure, day)
    rows = list(
        session.scalars(select(Reading).where(Reading.measure_id == measure.id, Reading.day == day))
    )
    if count < MIN_ANSWERS or mean is None:
        for row in rows:
            session.delete(row)
        return
    value = round(mean, 2)
    if rows:
        rows[0].value, rows[0].superseded_at = value, None
        for extra in rows[1:]:
            session.delete(extra)
        return
    session.add(
        Reading(
            measure_id=measure.id,
            day=day,
            value=value,
            person_id=None,
            recorded_at=local_moment(day, time(0), team.timezone),
            source="anonymous",
        )
    )


def summary(session: Session, measure: Measure, day: date) -> str:
    """`3.8 (6 answers)` or `fewer than 5 answers`."""
    count, mean = tally(session, measure, day)
    if count < MIN_ANSWERS or mean is None:
        return f"fewer than {MIN_ANSWERS} answers"
    return f"{mean:.1f} ({count} answers)"
