"""Bearer tokens for the readings API: only a hash of each secret is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class ApiToken(Base):
    """A named token that may write readings for one team, one division or the whole trust."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(16))  # team | division | trust
    scope_id: Mapped[int | None] = mapped_column(Integer)  # the team's or division's id
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256, hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
