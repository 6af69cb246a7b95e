"""One analysis of a team's measure, which every view shows: the chart image, its caption and alt
text, the board, the line after a record, `/huddle summary`, the CSV export and the digest.

The limits rest on the measure's whole history (its baseline, or the latest rebase), never on the
window a view shows, so `/huddle chart falls 30` and `/huddle chart falls` agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from bot.charting.judge import Judged, judge
from bot.charting.measure_settings import chart_settings_of, spec_of
from bot.charting.series import History, gaps, history
from bot.charting.words import (
    chart_words,
    gap_note,
    shift_note,
    since_note,
    tone_of,
    verdict_words,
)
from bot.huddle.kinds import kind_of
from bot.spc.choose import EVENT_KINDS
from bot.spc.drawing.spec import Drawing, Stretch
from bot.spc.rare import OPPOSITE
from bot.spc.settings import MeasureSpec
from bot.stores.tables.core import Measure, Team

LONG_GAP = 7  # missing rows in a row that the caption names


@dataclass(frozen=True)
class MeasureAnalysis:
    """A measure's verdict, with what the views need to show it."""

    team: str
    measure: str
    measure_key: str
    kind: str
    unit: str
    direction: str  # increase | decrease | neutral
    target: float | None
    as_of: date
    history: History
    judged: Judged
    shown_from: date | None = None

    @property
    def chart(self) -> str:
        """xmr | t | g | run, or `none` when nothing is recorded."""
        return self.judged.chart

    @property
    def words(self) -> str:
        """The verdict as every view says it ("Special cause — improvement", "No data")."""
        return verdict_words(self.judged)

    @property
    def chart_words(self) -> str:
        return chart_words(self.judged.chart, self.measure)

    @property
    def variation_icon(self) -> str | None:
        return self.judged.variation_icon

    @property
    def assurance_icon(self) -> str | None:
        return self.judged.assurance_icon

    @property
    def sentence(self) -> str:
        """The one plain verdict ("Special cause — improvement: 7 points in a row below …")."""
        return self.judged.sentence

    @property
    def signal(self) -> str | None:
        """ "Falls: Special cause — improvement: …" when the latest point is a special cause."""
        return f"{self.measure}: {self.sentence}" if self.judged.special_cause else None

    @property
    def rebase_offer(self) -> str | None:
        """The engine's rebase hint as an offer to the team lead, with the command to do it."""
        j = self.judged
        if j.rebase_hint is None or j.rebase_day is None:
            return None
        return (
            f"{self.measure}: {j.rebase_hint} "
            f"`/huddle rebase {self.measure_key} {j.rebase_day.isoformat()} <reason>`"
        )

    @property
    def latest(self) -> tuple[date, float] | None:
        """The latest recorded (date, value)."""
        for day, value in zip(
            reversed(self.history.days), reversed(self.history.values), strict=True
        ):
            if value is not None:
                return day, value
        return None

    @property
    def limits(self) -> Stretch | None:
        """The latest limits group (clipped to the measure's bounds)."""
        return self.judged.stretches[-1] if self.judged.stretches else None

    @property
    def gaps(self) -> tuple[tuple[date, int], ...]:
        return gaps(self.history.days, self.history.values)

    def notes(self) -> tuple[str, ...]:
        """Lines under the verdict: a sustained change since the baseline, a long gap in the
        window shown, days since the last event."""
        first = self.shown_from or date.min
        out = [shift_note(self.judged.rebase_hint)] if self.judged.rebase_hint else []
        out += [gap_note(day, n) for day, n in self.gaps if n >= LONG_GAP and day >= first]
        since = since_note(self)
        if since and since.rstrip(".") not in self.sentence:  # a T-chart's sentence says it
            out.append(since)
        return tuple(out)

    def drawn_unit(self, spec: MeasureSpec) -> str:
        """The unit of the values drawn: days between events, a count's own name ("falls")."""
        if self.judged.chart in ("t", "g"):
            return "days"
        return self.unit or (self.measure.lower() if spec.kind in EVENT_KINDS else "")

    def drawing(self, spec: MeasureSpec) -> Drawing:
        """What the image draws: the window shown, with the whole history's limits."""
        days, j = self.judged.days, self.judged
        keep = [i for i, d in enumerate(days) if self.shown_from is None or d >= self.shown_from]
        lo = keep[0] if keep else len(days)
        shown = days[lo:]
        stretches = tuple(
            Stretch(max(s.first, shown[0]), s.last, s.centre, s.lower, s.upper, s.provisional)
            for s in j.stretches
            if shown and s.last >= shown[0]
        )
        return Drawing(
            chart=j.chart,
            chart_words=self.chart_words,
            verdict=self.words,
            tone=tone_of(j),
            days=shown,
            values=j.values[lo:],
            statuses=j.statuses[lo:],
            detail=j.sentence,
            stretches=stretches,
            centre_name="median" if j.chart == "run" else "mean",
            baseline=j.baseline,
            bounds=(spec.minimum, spec.maximum),
            y_label=(
                f"days between {self.measure.lower()}"
                if j.chart in ("t", "g")
                else self.drawn_unit(spec)
            ),
            notes=self.notes(),
            period=spec.aggregate if j.chart in ("xmr", "run") else "event",
            direction=OPPOSITE[self.direction] if j.chart in ("t", "g") else self.direction,
            variation_icon=j.variation_icon,
            assurance_icon=j.assurance_icon,
            whole=spec.kind in EVENT_KINDS or j.chart in ("t", "g"),
            hint=None,  # the hint is in `notes` (shift_note), worded for everyone who sees it
            unit=self.drawn_unit(spec),
        )


def measure_spec(measure: Measure) -> MeasureSpec:
    """What the chart chooser needs of a measure (from its kind); a count's events are named
    after the measure ("falls" → "days between falls") when it has no unit of its own."""
    spec = spec_of(measure)
    if kind_of(measure).rare_events and not spec.unit:
        spec = replace(spec, unit=measure.name.lower())
    return spec


def unit_of(measure: Measure) -> str:
    return kind_of(measure).unit(measure)


def analyse(
    session: Session, team: Team, measure: Measure, as_of: date, shown_from: date | None = None
) -> MeasureAnalysis:
    """The one analysis of `measure` as of `as_of` (all its history); `shown_from` only narrows
    what a chart draws, never the limits."""
    past = history(session, team, measure, as_of)
    spec = measure_spec(measure)
    judged = judge(
        past.days,
        past.values,
        spec,
        chart_settings_of(session, measure),
        rebases=tuple(d for d, _ in past.rebases),
        as_of=as_of,
    )
    return MeasureAnalysis(
        team=team.name,
        measure=measure.name,
        measure_key=measure.key,
        kind=measure.kind,
        unit=unit_of(measure),
        direction=spec.direction,
        target=measure.target,
        as_of=as_of,
        history=past,
        judged=judged,
        shown_from=shown_from,
    )
