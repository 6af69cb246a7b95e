"""Demo extras for the huddle: console channels for the divisions and the trust, so escalations
show in `huddlebot chat`, and a huddle log for the demo history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Address, Division, Measure, Reading, Team, Trust
from bot.stores.tables.huddle import HuddleLog


def _console(session: Session, kind: str, owner_id: int, name: str, now: datetime) -> None:
    found = session.scalar(
        select(Address).where(Address.platform == "console", Address.conversation == name)
    )
    if found is None:
        session.add(
            Address(
                owner_kind=kind,
                owner_id=owner_id,
                platform="console",
                workspace="console",
                conversation=name,
                reference="",
                private=False,
                updated_at=now,
            )
        )


def add_demo_huddles(session: Session, today: date, now: datetime) -> None:
    for division in session.scalars(select(Division)):
        _console(session, "division", division.id, f"#{division.key}", now)
    for trust in session.scalars(select(Trust)):
        _console(session, "trust", trust.id, "#trust", now)
    for team in session.scalars(select(Team)):
        days = session.scalars(
            select(Reading.day)
            .join(Measure, Measure.id == Reading.measure_id)
            .where(Measure.team_id == team.id, Reading.day < today)
            .distinct()
        )
        session.add_all(
            HuddleLog(
                team_id=team.id,
                day=d,
                held=True,
                nothing_to_record=False,
                first_at=now,
                last_at=now,
            )
            for d in days
        )
    session.flush()
