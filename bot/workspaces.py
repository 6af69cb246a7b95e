"""Which workspaces (or tenants) on each platform belong to the trust.

A person is matched by their platform id alone, so a request from a foreign workspace must be
refused before that match means anything. The configuration may name the workspaces (each
platform registers its key, see `bot.platforms`); otherwise the first one seen is remembered.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import platforms
from bot.events import Origin
from bot.stores.tables.core import Audit, Trust

KEY = "workspaces"


def known(trust: Trust) -> dict[str, list[str]]:
    settings = json.loads(trust.settings_json or "{}")
    found: dict[str, list[str]] = {p: list(ws) for p, ws in settings.get(KEY, {}).items()}
    for field, platform in platforms.workspace_keys().items():
        declared = settings.get(field)
        if declared:
            found[platform] = [declared] if isinstance(declared, str) else list(declared)
    return found


def pinned(trust: Trust, platform: str) -> list[str]:
    """The workspaces or tenants the configuration names for `platform` (none: not pinned)."""
    settings = json.loads(trust.settings_json or "{}")
    words = platforms.words_for(platform)
    field = words.workspace_key if words else ""
    declared = settings.get(field) if field else None
    if not declared:
        return []
    return [declared] if isinstance(declared, str) else list(declared)


def refuse_unnamed(session: Session, platform: str, at: datetime) -> bool:
    """True, and audited, when the trust pins `platform` and a request names no workspace."""
    trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
    if trust is None or not pinned(trust, platform):
        return False
    session.add(
        Audit(
            at=at,
            person_id=None,
            platform=platform,
            action="workspace",
            subject="unnamed",
            outcome="denied",
        )
    )
    return True


def accepts(trust: Trust, origin: Origin) -> bool:
    """True for the trust's own workspace; remembers the first one seen on each platform.
    A request naming no workspace is refused when the trust pins one."""
    if origin.platform == "console":
        return True
    if not origin.workspace:
        return not pinned(trust, origin.platform)
    ours = known(trust).get(origin.platform)
    if ours:
        return origin.workspace in ours
    settings = json.loads(trust.settings_json or "{}")
    settings.setdefault(KEY, {})[origin.platform] = [origin.workspace]
    trust.settings_json = json.dumps(settings, sort_keys=True)
    return True
