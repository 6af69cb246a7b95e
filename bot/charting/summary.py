"""The Making Data Count summary's rows: every team × measure with its latest value and both
icons. `summary_lines` feeds the matrix images (`summary_command`) and the CSV export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.charting.analysis import MeasureAnalysis, analyse
from bot.charting.matrix import sort_matrix
from bot.charting.queries import divisions_by_id
from bot.charting.words import ASSURANCE_WORDS
from bot.huddle.measures import team_measures
from bot.stores.tables.core import Measure, Team

STALE = timedelta(days=2)  # an older latest value shows its date
SPARK = 30  # rows in a summary sparkline


@dataclass(frozen=True)
class SummaryLine:
    """One team's measure: its latest value and what its one analysis says about it."""

    division: str
    team: str
    measure: str
    latest_day: date | None
    latest: float | None
    unit: str
    target: float | None
    points: int
    chart: str  # xmr | t | g | run | none
    variation: str  # the verdict in words, as on the chart
    variation_icon: str | None
    assurance_icon: str | None
    mean: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    baseline: str = ""  # "2026-12-02 to 2026-12-21"
    recent: tuple[float | None, ...] = ()  # the last recorded rows, for the sparkline

    @property
    def assurance(self) -> str:
        return ASSURANCE_WORDS.get(self.assurance_icon or "", "No target")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def latest_text(line: SummaryLine, today: date) -> str:
    """`92%`, `35 min`, `1 (20 Feb)` when older than two days, `no data`."""
    if line.latest is None or line.latest_day is None:
        return "no data"
    unit = {"%": "%", "": ""}.get(line.unit, f" {line.unit}")
    text = f"{_number(line.latest)}{unit}"
    if today - line.latest_day > STALE:
        text += f" ({line.latest_day.day} {line.latest_day:%b})"
    return text


def summary_line(division: str, a: MeasureAnalysis) -> SummaryLine:
    """The summary line of one analysis."""
    latest = a.latest
    limits = a.limits if a.chart in ("xmr", "t", "g") else None
    baseline = a.judged.baseline
    return SummaryLine(
        division=division,
        team=a.team,
        measure=a.measure,
        latest_day=latest[0] if latest else None,
        latest=latest[1] if latest else None,
        unit=a.unit,
        target=a.target,
        points=a.history.recorded,
        chart=a.chart,
        variation=a.words.split(" · ")[0],
        variation_icon=a.variation_icon,
        assurance_icon=a.assurance_icon,
        mean=limits.centre if limits else None,
        lower_limit=limits.lower if limits else None,
        upper_limit=limits.upper if limits else None,
        baseline=f"{baseline[0].isoformat()} to {baseline[1].isoformat()}" if baseline else "",
        recent=tuple(a.history.values[-SPARK:]),
    )


def measure_line(
    session: Session, division: str, team: Team, measure: Measure, today: date
) -> SummaryLine:
    """The summary line of one measure as of `today` (its whole history)."""
    return summary_line(division, analyse(session, team, measure, today))


def summary_lines(
    session: Session, teams: Sequence[Team], today_of: Callable[[Team], date]
) -> list[SummaryLine]:
    """Every active measure of every team, in the matrix's order: what needs attention first,
    then division, team key and the team's measure order."""
    divisions = {i: d.name for i, d in divisions_by_id(session).items()}
    ordered = sorted(teams, key=lambda t: (divisions.get(t.division_id, ""), t.key))
    return sort_matrix(
        [
            measure_line(
                session, divisions.get(team.division_id, ""), team, measure, today_of(team)
            )
            for team in ordered
            for measure in team_measures(session, team)
        ]
    )
