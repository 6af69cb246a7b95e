"""API tokens: made with a secret shown once, kept as its SHA-256, scoped, expiring, revocable.

A token's secret is 256 random bits, so one unsalted SHA-256 is enough to find it by and
nothing can be learnt from the stored hash."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import Division, Team, Trust
from bot.stores.tables.feeds import ApiToken

PREFIX = "hbt_"  # marks a Huddlebot token in a config file or a secret scanner
SCOPES = ("team", "division", "trust")


@dataclass(frozen=True)
class Made:
    token_id: int
    secret: str  # shown once, never stored


@dataclass(frozen=True)
class TokenView:
    """A token as `huddlebot token list` shows it: never its secret."""

    token_id: int
    name: str
    scope: str  # "team ward-7", "division medicine", "trust"
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    state: str  # active | expired | revoked


def hashed(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _scope_id(session: Session, trust: Trust, scope: str, key: str | None) -> int | None | str:
    """The team's or division's id, or why the key names none."""
    if scope == "trust":
        return None
    table: type[Team] | type[Division] = Team if scope == "team" else Division
    found = session.scalar(select(table.id).where(table.trust_id == trust.id, table.key == key))
    return found if found is not None else f"there is no {scope} {key!r}"


def create(
    session: Session,
    trust: Trust,
    scope: str,
    key: str | None,
    name: str,
    now: datetime,
    days: int,
) -> Made | str:
    """A new token (its secret to show once), or why it cannot be made."""
    if scope not in SCOPES:
        return f"a token's scope is one of {', '.join(SCOPES)}"
    if not name.strip() or len(name) > 120:
        return "a token needs a name of 1 to 120 characters"
    if not 1 <= days <= 731:
        return "a token expires after 1 to 731 days"
    scope_id = _scope_id(session, trust, scope, key)
    if isinstance(scope_id, str):
        return scope_id
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        trust_id=trust.id,
        name=name.strip(),
        scope=scope,
        scope_id=scope_id,
        secret_hash=hashed(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    return Made(row.id, secret)


@dataclass(frozen=True)
class Found:
    """The token a bearer secret belongs to, and why it is refused ("" when it may be used)."""

    token: ApiToken | None
    refused: str = ""  # unknown | revoked | expired


def find(session: Session, secret: str, now: datetime) -> Found:
    row = session.scalar(select(ApiToken).where(ApiToken.secret_hash == hashed(secret)))
    if row is None:
        return Found(None, "unknown")
    if row.revoked_at is not None:
        return Found(row, "revoked")
    if row.expires_at <= now:
        return Found(row, "expired")
    return Found(row)


def may_write(token: ApiToken) -> Callable[[Team], bool]:
    """Whether the token may write a team's readings (its team, its division's, or all)."""

    def allowed(team: Team) -> bool:
        if token.scope == "trust":
            return team.trust_id == token.trust_id
        if token.scope == "division":
            return team.division_id == token.scope_id
        return team.id == token.scope_id

    return allowed


def _scope_name(session: Session, row: ApiToken) -> str:
    if row.scope == "trust":
        return "trust"
    table: type[Team] | type[Division] = Team if row.scope == "team" else Division
    key = session.scalar(select(table.key).where(table.id == row.scope_id))
    return f"{row.scope} {key if key is not None else '(removed)'}"


def listing(session: Session, now: datetime) -> list[TokenView]:
    views = []
    for row in session.scalars(select(ApiToken).order_by(ApiToken.id)):
        state = "revoked" if row.revoked_at else "expired" if row.expires_at <= now else "active"
        views.append(
            TokenView(
                row.id,
                row.name,
                _scope_name(session, row),
                row.created_at,
                row.expires_at,
                row.last_used_at,
                state,
            )
        )
    return views


def revoke(session: Session, which: str, now: datetime) -> list[int] | str:
    """Revoke the token with this id or name; the ids revoked, or why none was."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    if which.isdigit():
        query = query.where(ApiToken.id == int(which))
    else:
        query = query.where(ApiToken.name == which)
    rows = list(session.scalars(query))
    if not rows:
        return f"no active token {which!r}"
    for row in rows:
        row.revoked_at = now
    return [row.id for row in rows]
