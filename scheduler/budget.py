"""Per-workspace send budgets shared by every worker: a rate per Slack workspace or Teams tenant
held in the database, so M workers together stay within it (each keeping its own would allow
M times as much).

The budget is a generic cell-rate algorithm: one time per workspace (a `delivery_gates` row named
`budget:{platform}:{workspace}`) says when its sends are paid up to. A send costs 1/rate seconds;
a workspace may run ahead of the clock by its burst. Rows are locked in name order on
PostgreSQL, so workers claiming for the same workspaces queue rather than overspend.

A worker may reserve sends up to `horizon` seconds ahead: each gets its own slot, the earliest
time it may go, and the worker waits for it. Slots are taken from the shared time, so however
many workers reserve, no two slots are closer than the rate allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.stores.tables.schedule import DeliveryGate
from scheduler.policy import DeliveryPolicy
from scheduler.sql import insert_for

PREFIX = "budget:"


@dataclass(frozen=True)
class Taken:
    """What the budgets granted: a slot (the earliest send time) for each row id, in the
    order asked, and when a workspace that had rows left over has room for more."""

    slots: dict[int, datetime]
    refill: datetime | None


def take(
    session: Session,
    found: list[tuple[int, str, str, str]],
    now: datetime,
    policy: DeliveryPolicy,
    horizon: float = 0.0,
) -> Taken:
    """Charge the budgets of `found` (id, platform, workspace, scope) for the rows they allow
    to go by `now + horizon` seconds. Every workspace's budget is read (locked) in one
    statement and written back in one: a claim costs the same few round trips however many
    workspaces it serves."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for row_id, platform, workspace, _ in found:
        wanted.setdefault((platform, workspace), []).append(row_id)
    if not wanted:
        return Taken({}, None)
    names = {key: f"{PREFIX}{key[0]}:{key[1]}" for key in wanted}
    paid_up = _lock(session, sorted(names.values()), now)
    slots: dict[int, datetime] = {}
    refill: datetime | None = None
    until = now + timedelta(seconds=horizon)
    charged: dict[str, datetime] = {}
    for (platform, workspace), ids in sorted(wanted.items()):
        name = names[(platform, workspace)]
        rate, burst = policy.rate(platform), policy.burst(platform)
        granted, paid, next_slot = _charge(paid_up[name], ids, rate, burst, now, until)
        slots.update(granted)
        if granted:
            charged[name] = paid
        if len(granted) < len(ids):  # worth another claim once half the horizon is free
            ready = next_slot - (until - now) / 2
            refill = ready if refill is None else min(refill, ready)
    if charged:
        session.execute(  # one UPDATE by primary key, executed for every budget charged
            update(DeliveryGate),
            [{"scope": name, "free_at": paid} for name, paid in sorted(charged.items())],
        )
    return Taken({i: slots[i] for i, *_ in found if i in slots}, refill)


def _lock(session: Session, names: list[str], now: datetime) -> dict[str, datetime]:
    """Each budget's paid-up time, locked until the claim commits: on PostgreSQL its row (in
    name order, so workers never deadlock); on SQLite the whole database, whose write lock the
    first statement, a write, takes. A budget seen for the first time starts full."""
    session.execute(
        insert_for(session, DeliveryGate).on_conflict_do_nothing(index_elements=["scope"]),
        [{"scope": name, "free_at": now, "reason": "budget"} for name in names],
    )
    query = (
        select(DeliveryGate.scope, DeliveryGate.free_at)
        .where(DeliveryGate.scope.in_(names))
        .order_by(DeliveryGate.scope)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return dict(session.execute(query).tuples().all())


def _charge(
    paid: datetime,
    ids: list[int],
    rate: float,
    burst: float,
    now: datetime,
    until: datetime,
) -> tuple[dict[int, datetime], datetime, datetime]:
    """Slots for as many of `ids` as fit by `until`; then the budget's paid-up time and its
    next free slot."""
    cost = timedelta(seconds=1.0 / rate)
    ahead = cost * (burst - 1.0)  # how far past a send the paid-up time may run
    paid = max(paid, now)
    taken: dict[int, datetime] = {}
    for row_id in ids:
        slot = max(now, paid - ahead)
        if slot > until:
            break
        taken[row_id] = slot
        paid = max(paid, slot) + cost
    return taken, paid, max(now, paid - ahead)


def give_back(
    session: Session, platform: str, workspace: str, now: datetime, policy: DeliveryPolicy
) -> bool:
    """A send the platform refused (429) did not count against its limit: its slot goes back
    to the workspace's budget, so a refusal does not slow every later send by one slot.
    Compare-and-set, so two refusals at once both give theirs back, on either database."""
    name = f"{PREFIX}{platform}:{workspace}"
    cost = timedelta(seconds=1.0 / policy.rate(platform))
    for _ in range(5):
        paid = session.scalar(select(DeliveryGate.free_at).where(DeliveryGate.scope == name))
        if paid is None or paid <= now:
            return False  # nothing is owed: the budget is already full
        done = session.execute(
            update(DeliveryGate)
            .where(DeliveryGate.scope == name, DeliveryGate.free_at == paid)
            .values(free_at=max(now, paid - cost))
        )
        if done.rowcount:  # type: ignore[attr-defined]
            return True
    return False


class Spacing:
    """The workspace's budget kept in memory on the times this worker's sends actually start
    (the same cell-rate rule, with the same burst). On time, a send goes at its slot. A worker
    that fell behind its slots (a busy machine) would send the late ones all at once and the
    platform would refuse the bunch: late sends go at the rate instead, with no more burst
    than the platform allows, and sends on time queue behind them (or the two streams together
    would go at twice the rate until the late ones were out)."""

    LATE = 0.05  # seconds past its slot that a send counts as late

    def __init__(self, policy: DeliveryPolicy) -> None:
        self.policy = policy
        self._paid: dict[tuple[str, str], float] = {}  # monotonic time sends are paid up to

    def delay(self, platform: str, workspace: str, now: float, late: float = 0.0) -> float:
        """Seconds to wait before a send that would start at `now` (monotonic seconds), `late`
        seconds after its slot; the send is counted as made then."""
        key = (platform, workspace)
        cost = 1.0 / self.policy.rate(platform)
        ahead = cost * (self.policy.burst(platform) - 1.0)
        paid = self._paid.get(key)
        start = now
        if paid is not None and (late > self.LATE or paid - ahead > now):
            start = max(now, paid - ahead)
        self._paid[key] = max(paid if paid is not None else start, start) + cost
        return start - now
