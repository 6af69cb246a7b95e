"""The warehouse pull: at a measure's `source.at`, before the huddle prompt, its query's value
is stored like any fed reading. A failed pull is told to the team lead, and staff type the
value as usual. The query runs through the `Warehouse` port (huddlebot/warehouse.py): the core
never opens a connection, and never sees the warehouse's URL."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from bot.addresses import addresses_of, team_addresses
from bot.context import Context
from bot.feeds.accept import accept
from bot.huddle.measures import team_measures
from bot.huddle.values import accepted
from bot.messages import Post, Text
from bot.people import team_leads
from bot.schedule import Due
from bot.stores.tables.core import Measure, Team

log = logging.getLogger(__name__)
KIND = "readings.pull"
DEFAULT_NAME = "data warehouse"


@dataclass(frozen=True)
class PullSource:
    """A measure's `source:` in the trust configuration."""

    sql: str
    url_env: str  # the environment variable holding the warehouse's SQLAlchemy URL
    at: str  # "07:30", team-local
    name: str = DEFAULT_NAME  # shown beside the value: "from the data warehouse, 07:30"


class PullFailed(Exception):
    """A pull that gave no value. `reason` is safe to log and show: never a value, the SQL's
    result or the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Warehouse(Protocol):
    def fetch(self, source: PullSource, day: date) -> tuple[Any, ...]:
        """The query's first row for `day` (bound as `:day` when the SQL names it);
        raises PullFailed."""
        ...


def source_of(measure: Measure) -> PullSource | None:
    try:
        raw = json.loads(measure.source_json or "{}")
    except ValueError:
        return None
    if not isinstance(raw, dict) or not raw.get("sql"):
        return None
    return PullSource(raw["sql"], raw["url_env"], raw["at"], raw.get("name") or DEFAULT_NAME)


def pull_times(measures: list[Measure]) -> tuple[str, ...]:
    """The distinct times a team's measures are pulled at."""
    return tuple(sorted({s.at for m in measures if (s := source_of(m)) is not None}))


def _item(team: Team, measure: Measure, day: date, source: PullSource, row: tuple) -> dict:
    if not row or all(cell is None for cell in row):
        raise PullFailed("the query returned no value")
    cells = [float(c) if c is not None and not isinstance(c, str | bool) else c for c in row]
    item: dict[str, Any] = {"team": team.key, "measure": measure.key, "date": day.isoformat()}
    if len(cells) >= 2 and cells[1] is not None:
        item |= {"numerator": cells[0], "denominator": cells[1]}
    else:
        item["value"] = cells[0]
    return item | {"source": source.name}


def compose_pull(ctx: Context, due: Due) -> list[Post]:
    """Run the team's pulls due at `due.slot`; posts only to report a failure."""
    team = ctx.team
    if team is None:
        return []
    due_now = [
        (m, s) for m in team_measures(ctx.session, team) if (s := source_of(m)) and s.at == due.slot
    ]
    failed: list[tuple[Measure, str]] = []
    for measure, source in due_now:
        try:
            if ctx.warehouse is None:
                raise PullFailed("this process has no warehouse connection")
            row = ctx.warehouse.fetch(source, due.local_date)
            item = _item(team, measure, due.local_date, source, row)
        except PullFailed as failure:
            log.warning("pull of measure %s failed: %s", measure.id, failure.reason)
            failed.append((measure, failure.reason))
            continue
        outcome = accept(
            ctx.session,
            ctx.trust,
            [item],
            ctx.now,
            channel="pull",
            subject=f"pull:measure:{measure.id}",
            may_write=lambda t: t.id == team.id,
        )
        if not outcome.ok:
            why = f"the value it returned is not what the measure takes ({accepted(measure)})"
            failed.append((measure, why))
    return _report(ctx, team, due, failed) if failed else []


def _report(ctx: Context, team: Team, due: Due, failed: list[tuple[Measure, str]]) -> list[Post]:
    """The failure, told privately to each team lead (the team's channel if none can be
    reached privately): staff will type the value."""
    lines = [
        f"The {due.slot} warehouse pull for {team.name} did not record:",
        *(f"• {m.name}: {why}" for m, why in failed),
        "Nothing was stored for it: staff can type today's value in the huddle as usual. "
        "The trust's data team can check the query and the connection.",
    ]
    message = Text("\n".join(lines))
    places = [
        a
        for lead in team_leads(ctx.session, team)
        for a in ctx.reachable(addresses_of(ctx.session, "person", lead.id))
    ]
    places = places or ctx.reachable(team_addresses(ctx.session, team))
    return [Post(place, message) for place in places]
