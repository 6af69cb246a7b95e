"""The Making Data Count summary: every team × measure with its latest value and both icons.

`/huddle summary [division]` posts it as one image to the person who asked; `summary_lines`
feeds the same rows to the CSV export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.charts import chart_message
from bot.charts.describe import ASSURANCE_WORDS, VARIATION_WORDS
from bot.charts.spec import SummaryRow, SummarySpec
from bot.context import Context
from bot.huddle.kinds import kind_of
from bot.huddle.measures import team_measures
from bot.huddle_charts.access import division_named, visible_teams
from bot.huddle_charts.series import direction, history
from bot.messages import Outbound
from bot.spc import XmrOptions, analyse_xmr
from bot.stores.tables.core import Division, Measure, Team

STALE = timedelta(days=2)  # an older latest value shows its date


@dataclass(frozen=True)
class SummaryLine:
    """One team's measure: its latest value and what the analysis says about it."""

    division: str
    team: str
    measure: str
    latest_day: date | None
    latest: float | None
    unit: str
    target: float | None
    points: int
    variation_icon: str
    assurance_icon: str | None

    @property
    def variation(self) -> str:
        return VARIATION_WORDS[self.variation_icon]

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


def _unit(measure: Measure) -> str:
    return kind_of(measure).unit(measure)


def measure_line(
    session: Session, division: str, team: Team, measure: Measure, today: date
) -> SummaryLine:
    """The summary line of one measure over the last 90 days up to `today`."""
    past = history(session, measure, today)
    variation, assurance = "common_cause", None
    if past.dates:
        options = XmrOptions(
            improvement_direction=direction(measure),
            target=measure.target,
            rebase=tuple(d for d, _ in past.rebases),
        )
        result = analyse_xmr(past.dates, past.values, options)
        variation, assurance = result.variation_icon, result.assurance_icon
    return SummaryLine(
        division=division,
        team=team.name,
        measure=measure.name,
        latest_day=past.dates[-1] if past.dates else None,
        latest=past.values[-1] if past.values else None,
        unit=_unit(measure),
        target=measure.target,
        points=len(past.dates),
        variation_icon=variation,
        assurance_icon=assurance,
    )


def summary_lines(
    session: Session, teams: Sequence[Team], today_of: Callable[[Team], date]
) -> list[SummaryLine]:
    """Every active measure of every team, teams in division then key order."""
    divisions = dict(session.execute(select(Division.id, Division.name)).tuples().all())
    ordered = sorted(teams, key=lambda t: (divisions.get(t.division_id, ""), t.key))
    return [
        measure_line(session, divisions.get(team.division_id, ""), team, measure, today_of(team))
        for team in ordered
        for measure in team_measures(session, team)
    ]


def summary_spec(lines: Sequence[SummaryLine], title: str, today: date) -> SummarySpec:
    rows = tuple(
        SummaryRow(
            team=line.team,
            measure=line.measure,
            latest=latest_text(line, today),
            variation_icon=line.variation_icon,
            assurance_icon=line.assurance_icon,
        )
        for line in lines
    )
    return SummarySpec(title=title, rows=rows)


def summary(ctx: Context, args: str) -> list[Outbound]:
    """`/huddle summary [division]`: one image, to the person who asked only."""
    word = args.strip()
    division = division_named(ctx.session, ctx.trust.id, word) if word else None
    if word and division is None:
        return [ctx.tell(f"There is no division called “{word}”.")]
    teams = visible_teams(ctx, division)
    if not teams:
        where = f" in {division.name}" if division else ""
        return [ctx.tell(f"You are not in any team{where} whose measures I can show you.")]
    today = ctx.local_now().date()
    lines = summary_lines(ctx.session, teams, lambda team: ctx.local_now(team).date())
    title = f"{division.name if division else ctx.trust.name} — summary, {today.day} {today:%b %Y}"
    ctx.audit("huddle.summary", f"division:{division.id}" if division else "")
    return [ctx.show(chart_message(summary_spec(lines, title, today)), private=True)]
