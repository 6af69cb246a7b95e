"""A Teams activity that names no tenant, when the trust pins one: refused and audited."""

from __future__ import annotations

import asyncio
import logging

from botbuilder.schema import Activity

from adapters.teams.auth import activity_tenant
from adapters.turns import Host

log = logging.getLogger("huddlebot.teams")


async def refused_as_unnamed(host: Host, activity: Activity) -> bool:
    """True when the activity names no tenant and the trust's configuration pins
    `trust.teams_tenant` (the denial is audited). If the database cannot say, the core decides
    (it refuses such an activity too, or says nothing was saved)."""
    if activity_tenant(activity):
        return False

    try:
        refused = await asyncio.to_thread(host.refuse_unnamed, "teams", host.now())
    except Exception:  # noqa: BLE001 - an outage is the core's to report
        log.warning("could not check the tenant pin for Teams activity %s", _id(activity))
        return False
    if refused:
        log.warning("Teams activity %s refused: it names no tenant", _id(activity))
    return refused


def _id(activity: Activity) -> str:
    return activity.id[:80] if isinstance(activity.id, str) else "-"
