"""A team's coming occurrences between two local dates, for `huddlebot schedule preview`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.schedule.due import Occurrence
from bot.schedule.plan import PROMPT, TeamPlan, occurrences


def preview(
    plan: TeamPlan, first: date, days: int, *, kinds: tuple[str, ...] = (PROMPT,)
) -> list[Occurrence]:
    """Occurrences on local dates `first` .. `first + days - 1`, prompts only unless `kinds`."""
    zone = ZoneInfo(plan.timezone)
    last = first + timedelta(days=days - 1)
    after = datetime.combine(first - timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    until = datetime.combine(last + timedelta(days=2), time(), tzinfo=zone).astimezone(UTC)
    return [
        o
        for o in occurrences(plan, after, until)
        if first <= o.due.local_date <= last and (not kinds or o.due.kind in kinds)
    ]


def as_json_row(plan: TeamPlan, occ: Occurrence, with_kind: bool = False) -> dict[str, str]:
    row = {
        "team": plan.team_key,
        "slot": occ.due.slot,
        "local": occ.local.isoformat(),
        "utc": occ.due.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": occ.label,
    }
    return {"kind": occ.due.kind, **row} if with_kind else row


def as_line(plan: TeamPlan, occ: Occurrence) -> str:
    local = occ.local
    return (
        f"{plan.team_key}  {local:%a %Y-%m-%d}  {occ.due.kind:<16}  {occ.due.slot:<6}  "
        f"{local:%H:%M} {local.tzname():<4} = {occ.due.due_at.astimezone(UTC):%H:%M}Z  {occ.label}"
    )
