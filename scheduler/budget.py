"""Per-workspace send budgets shared by every worker: a rate per Slack workspace or Teams tenant
held in the database, so M workers together stay within it (each keeping its own would allow
M times as much).

The budget is a generic cell-rate algorithm: one time per workspace (a `delivery_gates` row named
`budget:{platform}:{workspace}`) says when its sends are paid up to. A send costs 1/rate seconds;
a workspace may run ahead of the clock by its burst. Rows are locked in name order on
PostgreSQL, so workers claiming for the same workspaces queue rather than overspend.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.schedule import DeliveryGate
from scheduler.policy import DeliveryPolicy
from scheduler.sql import insert_for

PREFIX = "budget:"


def burst(rate: float) -> float:
    """Sends a workspace may make at once: half a second's worth, at least one."""
    return max(1.0, rate * 0.5)


def take(
    session: Session, found: list[tuple[int, str, str, str]], now: datetime, policy: DeliveryPolicy
) -> list[int]:
    """The ids among `found` (id, platform, workspace, scope) that their workspaces' budgets
    allow now, in their order; the budgets are charged for them."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for row_id, platform, workspace, _ in found:
        wanted.setdefault((platform, workspace), []).append(row_id)
    allowed: set[int] = set()
    for platform, workspace in sorted(wanted):
        rate = policy.workspace_rate.get(platform, 4.0)
        ids = wanted[(platform, workspace)]
        allowed.update(_charge(session, f"{PREFIX}{platform}:{workspace}", ids, rate, now))
    return [row_id for row_id, *_ in found if row_id in allowed]


def _charge(session: Session, name: str, ids: list[int], rate: float, now: datetime) -> list[int]:
    cost = timedelta(seconds=1.0 / rate)
    ahead = cost * (burst(rate) - 1.0)  # how far past `now` the paid-up time may run
    session.execute(
        insert_for(session, DeliveryGate)
        .values(scope=name, free_at=now, reason="budget")
        .on_conflict_do_nothing(index_elements=["scope"])
    )
    query = select(DeliveryGate).where(DeliveryGate.scope == name)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    gate = session.scalars(query).one()
    paid = max(gate.free_at, now)
    taken = []
    for row_id in ids:
        if paid - now > ahead:
            break
        taken.append(row_id)
        paid += cost
    if taken:
        gate.free_at = paid
    return taken
