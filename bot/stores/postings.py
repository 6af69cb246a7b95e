"""Where posts that say what they are about landed: recorded once, found by thread or subject.

Every question about the `postings` table is asked here, so a reply finds its prompt, and an
edit its cards, by typed columns (kind, team, day, subject), never by parsing a post's key.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import About, Posted
from bot.stores.tables.core import Posting, Team


@dataclass(frozen=True)
class Landed:
    """A post that landed: where, what it is about, and the key it was sent under."""

    posted: Posted
    about: About
    key: str = ""


@dataclass(frozen=True)
class Prompted:
    """The team and local day of the prompt a thread answers."""

    team: Team
    day: date


def _base(conversation: str) -> str:
    """A conversation without what a platform may add in threads (`;…`)."""
    return conversation.split(";")[0]


def _landed(row: Posting) -> Landed:
    about = About(row.kind, row.team_id, row.day, row.subject_id)
    return Landed(Posted(row.platform, row.conversation, row.message_id), about, row.key)


class Postings:
    """The postings of one session's database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, key: str, posted: Posted, about: About, at: datetime) -> None:
        """Remember where a post landed; a second report of the same post changes nothing."""
        if self.find(posted.platform, posted.conversation, posted.message_id) is not None:
            return
        self.session.add(Posting(key=key, at=at, **asdict(posted), **asdict(about)))

    def find(self, platform: str, conversation: str, message_id: str) -> Landed | None:
        """The post that landed as this message, if it was recorded."""
        row = self.session.scalars(
            select(Posting).where(
                Posting.platform == platform,
                Posting.conversation == conversation,
                Posting.message_id == message_id,
            )
        ).first()
        return None if row is None else _landed(row)

    def heading(
        self, platform: str, conversation: str, thread: str, kinds: Collection[str]
    ) -> list[Landed]:
        """The posts of these kinds that head this thread (a reply names its thread by message
        id; the conversation is compared without what a platform adds in threads)."""
        here = _base(conversation)
        rows = self.session.scalars(
            select(Posting)
            .where(
                Posting.platform == platform,
                Posting.message_id == thread,
                Posting.kind.in_(kinds),
            )
            .order_by(Posting.id)
        )
        return [_landed(row) for row in rows if _base(row.conversation) == here]

    def prompt_answered(
        self, platform: str, conversation: str, thread: str, kinds: Collection[str], trust_id: int
    ) -> Prompted | None:
        """The team (of this trust) and day of the prompt of these kinds heading this thread."""
        for landed in self.heading(platform, conversation, thread, kinds):
            team_id, day = landed.about.team_id, landed.about.day
            if team_id is None or day is None:
                continue
            team = self.session.get(Team, team_id)
            if team is not None and team.trust_id == trust_id:
                return Prompted(team, day)
        return None

    def of_subject(
        self, kinds: Collection[str], subject_id: int, conversation: str | None = None
    ) -> list[Landed]:
        """The posts of these kinds about a subject (an escalation's cards, an idea's posts),
        by kind then in the order they landed; only in `conversation` when given."""
        query = select(Posting).where(Posting.kind.in_(kinds), Posting.subject_id == subject_id)
        if conversation is not None:
            query = query.where(Posting.conversation == conversation)
        return [
            _landed(row) for row in self.session.scalars(query.order_by(Posting.kind, Posting.id))
        ]
