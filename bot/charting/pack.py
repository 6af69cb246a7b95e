"""The board pack: the matrix, then every measure's chart, sentence, last three points and tested
ideas, and each division's open escalations, gathered from the one analysis per measure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.charting.analysis import analyse
from bot.charting.chart import DAYS, chart_spec, tested_ideas
from bot.charting.matrix import rank_of
from bot.charting.queries import divisions_by_id, open_escalations
from bot.charting.summary import SummaryLine, summary_line
from bot.huddle.measures import team_measures
from bot.spc.drawing import chart_message
from bot.spc.drawing.render import render_png
from bot.spc.drawing.spec import ChartSpec
from bot.stores.tables.core import Team

Render = Callable[[Iterable[ChartSpec]], list[bytes]]


@dataclass(frozen=True)
class PackMeasure:
    """One team's measure in the pack: its matrix row, its chart and what the chart says."""

    line: SummaryLine
    png: bytes | None  # None when nothing is recorded, or when the shell draws `chart`
    alt: str
    sentence: str
    last_points: tuple[tuple[date, float], ...]
    ideas: tuple[tuple[date, str], ...]
    chart: int | None = None  # its chart's place in `Pack.charts`, when not drawn here


@dataclass(frozen=True)
class PackEscalation:
    """An open escalation of a division, as the pack lists it."""

    team: str
    raised: date
    state: str
    text: str


@dataclass(frozen=True)
class PackDivision:
    name: str
    measures: tuple[PackMeasure, ...]
    escalations: tuple[PackEscalation, ...]


@dataclass(frozen=True)
class Pack:
    """Everything the board pack shows, in the matrix's order."""

    title: str
    as_of: date
    lines: tuple[SummaryLine, ...]  # the matrix: the same rows as `huddlebot export summary`
    divisions: tuple[PackDivision, ...]
    charts: tuple[ChartSpec, ...] = ()  # the charts left for the shell to draw (render=None)


def render_here(specs: Iterable[ChartSpec]) -> list[bytes]:
    """Draw the charts in this process (a pool may be passed instead)."""
    return [render_png(spec) for spec in specs]


def _last_points(values: Sequence[tuple[date, float | None]]) -> tuple[tuple[date, float], ...]:
    recorded = [(d, v) for d, v in values if v is not None]
    return tuple(recorded[-3:])


def _open_escalations(session: Session, division_id: int) -> tuple[PackEscalation, ...]:
    rows = open_escalations(session, division_id)
    return tuple(PackEscalation(team, e.raised_at.date(), e.state, e.text) for e, team in rows)


def build_pack(
    session: Session,
    teams: Sequence[Team],
    as_of: date,
    title: str,
    render: Render | None = render_here,
) -> Pack:
    """The pack of `teams` as of `as_of`: one analysis per measure feeds its row and its chart.
    With `render` None the charts are not drawn here but listed in `Pack.charts`."""
    divisions = divisions_by_id(session)
    ordered = sorted(teams, key=lambda t: (divisions[t.division_id].name, t.key))
    found: list[tuple[int, SummaryLine, ChartSpec | None, str, tuple, tuple]] = []

    def specs() -> Iterator[ChartSpec]:
        """Each chart as soon as its measure is analysed, so drawing overlaps analysing."""
        for team in ordered:
            division = divisions[team.division_id]
            for measure in team_measures(session, team):
                shown_from = as_of - timedelta(days=DAYS - 1)
                a = analyse(session, team, measure, as_of, shown_from=shown_from)
                line = summary_line(division.name, a)
                tested = tested_ideas(session, measure)
                spec = chart_spec(session, team, measure, a, tested) if a.chart != "none" else None
                points = _last_points(list(zip(a.history.days, a.history.values, strict=True)))
                ideas = tuple(tested)
                found.append((division.id, line, spec, a.sentence, points, ideas))
                if spec is not None:
                    yield spec

    pngs: dict[int, bytes] = {}
    places: dict[int, int] = {}
    if render is None:
        charts = tuple(specs())
        places = {id(spec): i for i, spec in enumerate(charts)}
    else:
        charts = ()
        drawn = iter(render(specs()))  # in the order the specs were made
        pngs = {id(f[2]): next(drawn) for f in found if f[2] is not None}
    found.sort(key=lambda f: rank_of(f[1]))
    measures = [
        (
            div,
            PackMeasure(
                line=line,
                png=pngs.get(id(spec)) if spec is not None else None,
                alt=chart_message(spec).alt if spec is not None else f"{line.measure}: no data.",
                sentence=sentence,
                last_points=points,
                ideas=ideas,
                chart=places.get(id(spec)) if spec is not None else None,
            ),
        )
        for div, line, spec, sentence, points, ideas in found
    ]
    shown = sorted({t.division_id for t in ordered}, key=lambda d: divisions[d].name)
    return Pack(
        title=title,
        as_of=as_of,
        lines=tuple(m.line for _, m in measures),
        charts=charts,
        divisions=tuple(
            PackDivision(
                name=divisions[d].name,
                measures=tuple(m for div, m in measures if div == d),
                escalations=_open_escalations(session, d),
            )
            for d in shown
        ),
    )
