"""Which Slack workspaces and Teams tenants belong to the trust.

A person is matched by their platform id alone, so a request from a foreign workspace must be
refused before that match means anything. The configuration may name the workspaces
(`trust.slack_workspace`, `trust.teams_tenant`); otherwise the first one seen is remembered.
"""

from __future__ import annotations

import json

from bot.events import Origin
from bot.stores.tables.core import Trust

KEY = "workspaces"


def known(trust: Trust) -> dict[str, list[str]]:
    settings = json.loads(trust.settings_json or "{}")
    found: dict[str, list[str]] = {p: list(ws) for p, ws in settings.get(KEY, {}).items()}
    for platform, field in (("slack", "slack_workspace"), ("teams", "teams_tenant")):
        declared = settings.get(field)
        if declared:
            found[platform] = [declared] if isinstance(declared, str) else list(declared)
    return found


def pinned(trust: Trust, platform: str) -> bool:
    """True when the configuration names the trust's workspaces (or tenants) on `platform`."""
    field = {"slack": "slack_workspace", "teams": "teams_tenant"}.get(platform, "")
    return bool(field and json.loads(trust.settings_json or "{}").get(field))


def accepts(trust: Trust, origin: Origin) -> bool:
    """True for the trust's own workspace; remembers the first one seen on each platform.
    Where the trust pins a workspace, a request naming none is not the trust's either."""
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
