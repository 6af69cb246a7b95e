"""Coverage for the board: each area's last visit, its next one, and the areas not visited
within the period the board set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.stores.tables.core import Trust
from bot.visits.notes import span
from bot.visits.setup import VisitSetup
from bot.visits.store import RotaVisit, Visits
from bot.visits.words import day_text


@dataclass(frozen=True)
class AreaCoverage:
    key: str
    name: str
    last: RotaVisit | None
    next: RotaVisit | None
    overdue: bool  # not visited within the period


def _happened(v: RotaVisit, today: date) -> bool:
    return v.status == "done" or v.planned.date <= today


def coverage(store: Visits, trust: Trust, setup: VisitSetup, today: date) -> list[AreaCoverage]:
    visits = store.rota(trust.id)
    within = timedelta(days=setup.rules.every_area_within_days)
    found = []
    for area in setup.areas:
        here = [v for v in visits if v.planned.team_key == area.key]
        past = [v for v in here if _happened(v, today)]
        coming = [v for v in here if not _happened(v, today)]
        last = past[-1] if past else None
        found.append(
            AreaCoverage(
                area.key,
                area.name,
                last,
                coming[0] if coming else None,
                last is None or today - last.planned.date >= within,
            )
        )
    return found


def _line(row: AreaCoverage) -> str:
    if row.last is None:
        last = "never visited"
    else:
        last = (
            f"last visited {day_text(row.last.planned.date)} "
            f"({', '.join(row.last.planned.leaders)})"
        )
    nxt = (
        f"next {day_text(row.next.planned.date)} (visit {row.next.number})"
        if row.next
        else "no visit planned"
    )
    return f"{row.name}: {last}; {nxt}"


def coverage_text(rows: list[AreaCoverage], setup: VisitSetup, today: date) -> str:
    period = span(setup.rules.every_area_within_days)
    lines = [f"Visit coverage on {day_text(today)} (every area within {period}):"]
    lines += [f"  {_line(r)}" for r in rows]
    left = [r.name for r in rows if r.overdue]
    if left:
        lines.append(f"Not visited within {period}: {', '.join(left)}.")
    else:
        lines.append(f"Every area has had a visit within {period}.")
    return "\n".join(lines)
