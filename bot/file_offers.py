"""Files offered to one person and kept until they answer the offer (the board pack, where the
platform hands a file over only with the person's consent): any process may receive the answer,
so the file waits in the database, for a week at most."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from bot.stores.tables.inbound import FileOffer

KEPT = timedelta(days=7)  # an offer nobody answered is dropped after this


class FileOffers:
    """Files offered and not yet answered, in the database."""

    def __init__(self, engine: Any) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def put(self, conversation: str, filename: str, content: bytes, now: datetime) -> str:
        """Keep the file; the token its offer carries."""
        token = secrets.token_urlsafe(24)
        with self._sessions.begin() as s:
            s.execute(delete(FileOffer).where(FileOffer.offered_at < now - KEPT))
            s.add(FileOffer(token=token, conversation=conversation, filename=filename,
                            content=content, offered_at=now))  # fmt: skip
        return token

    def take(self, token: str, conversation: str) -> FileOffer | None:
        """The offer (removed), if it is this conversation's; None otherwise."""
        with self._sessions.begin() as s:
            offer = s.get(FileOffer, token)
            if offer is None or offer.conversation != conversation:
                return None
            s.delete(offer)
            return offer

    def drop(self, token: str, conversation: str) -> None:
        self.take(token, conversation)
