"""One batch of fed readings, all or nothing: read, checked, stored, audited."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.feeds.check import check_items
from bot.feeds.items import FedItem, ItemProblem, read_item
from bot.feeds.store import Stored, store
from bot.privacy.inbound import KEYS
from bot.stores.tables.core import Audit, Team, Trust

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to a batch: stored (each item's result), or refused with its problems
    (`forbidden`: outside the sender's scope). Nothing is stored unless every item is fine."""

    stored: tuple[Stored, ...] = ()
    problems: tuple[ItemProblem, ...] = ()
    forbidden: tuple[ItemProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and not self.forbidden


def accept(
    session: Session,
    trust: Trust,
    raw: Sequence[Any],
    now: datetime,
    *,
    channel: str,
    subject: str,
    may_write: Callable[[Team], bool] = lambda team: True,
    dry_run: bool = False,
) -> Outcome:
    """Check every item like a typed answer and store them all, or none. `subject` names who
    sent them in the audit and the log ("token:3", "import"); item text is never logged."""
    items: list[FedItem] = []
    problems: list[ItemProblem] = []
    for index, entry in enumerate(raw):
        read = read_item(entry, index)
        if isinstance(read, FedItem):
            items.append(read)
        else:
            problems += read
    verdict = check_items(session, trust, items, now, may_write)
    problems += verdict.problems
    for kind in verdict.refused:
        _audit(session, now, f"privacy.{KEYS.get(kind, 'too_long')}", subject, "refused")
    if verdict.forbidden:
        _audit(session, now, f"readings.{channel}", subject, "denied")
        log.warning(
            "fed readings from %s refused: %d items outside its scope (first: item %d)",
            subject,
            len(verdict.forbidden),
            verdict.forbidden[0].index,
        )
        return Outcome(forbidden=verdict.forbidden, problems=tuple(problems))
    if problems:
        _audit(session, now, f"readings.{channel}", subject, "refused")
        ordered = sorted(problems, key=lambda p: p.index)
        log.info(
            "fed readings from %s refused: %d problems (first: item %d, %s)",
            subject,
            len(ordered),
            ordered[0].index,
            ordered[0].field,
        )
        return Outcome(problems=tuple(ordered))
    if dry_run:  # what would happen, then undone
        nested = session.begin_nested()
        stored = store(session, verdict.checked, now, channel)
        nested.rollback()
        return Outcome(stored=tuple(stored))
    stored = store(session, verdict.checked, now, channel)
    _audit(session, now, f"readings.{channel}", subject, "ok")
    return Outcome(stored=tuple(stored))


def _audit(session: Session, now: datetime, action: str, subject: str, outcome: str) -> None:
    session.add(
        Audit(at=now, person_id=None, platform="", action=action, subject=subject, outcome=outcome)
    )
