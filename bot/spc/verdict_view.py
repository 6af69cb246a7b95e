"""A plotted chart turned into the Verdict: statuses, clipped limits, icons, sentence, hint."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.spc import choose, words
from bot.spc.drawn import Band, Drawn
from bot.spc.rebase_hint import rebase_hint
from bot.spc.results import RunResult
from bot.spc.settings import ChartSettings, MeasureSpec
from bot.spc.verdict_types import JUDGED, Limits, Verdict, VerdictPoint

STATUS = {
    "increase": {"high": "improvement", "low": "concern"},
    "decrease": {"high": "concern", "low": "improvement"},
    "neutral": {"high": "neutral-high", "low": "neutral-low"},
}


def _state(chart: str, drawn: Drawn) -> tuple[str, bool]:
    """The latest limits' state, and whether a T/G-chart has too few events to judge."""
    if not drawn.bands:
        return "undefined", chart in ("t", "g")
    band = drawn.bands[-1]
    base = [v for v in drawn.values[band.start : band.baseline_stop] if v is not None]
    if chart in ("t", "g") and len(base) < choose.FEWEST_GAPS:
        return "undefined", True
    if len(base) >= 2 and len(set(base)) == 1:
        return "no_variation", False
    if band.mean is None or band.upper is None or band.lower is None:
        return "undefined", False
    if band.upper <= band.lower:
        return "collapsed", False
    return ("provisional" if band.rows < choose.PROVISIONAL_BELOW else "ok"), False


def _clip(x: float | None, low: float | None, high: float | None) -> float | None:
    if x is None:
        return None
    if low is not None and x < low:
        return low
    if high is not None and x > high:
        return high
    return x


def _bounds(chart: str, spec: MeasureSpec) -> tuple[float | None, float | None]:
    return (0.0, None) if chart in ("t", "g") else (spec.minimum, spec.maximum)


def _limits(chart: str, drawn: Drawn, spec: MeasureSpec) -> tuple[Limits, ...]:
    low, high = _bounds(chart, spec)
    out = []
    for b in drawn.bands:
        if b.stop <= b.start:
            continue
        out.append(
            Limits(
                drawn.days[b.start], drawn.days[b.stop - 1], drawn.days[b.start],
                drawn.days[b.baseline_stop - 1], b.mean, _clip(b.lower, low, high),
                _clip(b.upper, low, high), _clip(b.lower_2sigma, low, high),
                _clip(b.upper_2sigma, low, high), b.centre,
            )
        )  # fmt: skip
    return tuple(out)


def _variation_icon(status: str, rule_way: str | None) -> str:
    if status in ("improvement", "concern"):
        return f"{status}_{rule_way}"
    if status in ("neutral-high", "neutral-low"):
        return status.replace("-", "_")
    return "common_cause"


def _assurance(direction: str, target: float | None, band: Band) -> str | None:
    if target is None or direction == "neutral":
        return None
    rising = direction == "increase"
    if band.upper is not None and target > band.upper:
        return "fail" if rising else "pass"
    if band.lower is not None and target < band.lower:
        return "pass" if rising else "fail"
    return "inconsistent"


def assemble(
    chart: str,
    why: str,
    drawn: Drawn,
    direction: str,
    spec: MeasureSpec,
    settings: ChartSettings,
    shown_from: date | None,
    extra: dict[str, Any],
    quiet_days: int | None = None,
) -> Verdict:
    """The verdict on a chart with limits (XmR, T or G). On a T/G-chart, `quiet_days` without an
    event since the last one (known: nothing unrecorded since) count as the gap now open."""
    state, too_few = _state(chart, drawn)
    judged = state in JUDGED and not too_few
    limits = _limits(chart, drawn, spec)
    used = [b for b in drawn.bands if b.stop > b.start]
    lim_of = {id(b): lim for b, lim in zip(used, limits, strict=True)}
    statuses = []
    points = []
    for i, day in enumerate(drawn.days):
        value, rule, way = drawn.values[i], drawn.rule[i], drawn.direction[i]
        if value is None:
            status = "missing"
        elif judged and rule is not None and way is not None:
            status = STATUS[direction][way]
        else:
            status = "common"
        statuses.append(status)
        lim = lim_of[id(drawn.bands[drawn.group_of_row[i]])]
        if shown_from is None or day >= shown_from:
            shown_rule = rule if status not in ("common", "missing") else None
            points.append(
                VerdictPoint(
                    day, value, status, shown_rule,
                    words.label(chart, shown_rule, way == "high"), lim.mean, lim.lower, lim.upper,
                )
            )  # fmt: skip
    status = statuses[-1] if statuses else "missing"
    way = drawn.direction[-1] if drawn.days else None
    last = limits[-1] if limits else None
    sentence = words.sentence(chart, drawn, state, too_few, status, last, spec, extra)
    open_gap = None if quiet_days is None else quiet_days - (chart == "g")
    upper = last.upper if judged and last else None
    if upper is not None and open_gap is not None and open_gap > upper:
        status, way = STATUS[direction]["high"], "high"  # the gap now open is already too long
        sentence = words.quiet_sentence(status, quiet_days, upper, spec)  # type: ignore[arg-type]
    hint, since = rebase_hint(chart, drawn) if judged and drawn.bands else (None, None)
    return Verdict(
        chart=chart,
        reason=why,
        period=spec.aggregate if chart == "xmr" else "day",
        direction=direction,
        points=tuple(points),
        limits=limits,
        mean=last.mean if last else None,
        centre=last.centre if last else None,
        lower_limit=last.lower if last and state != "undefined" else None,
        upper_limit=last.upper if last and state != "undefined" else None,
        baseline=(last.baseline_first, last.baseline_last) if last else None,
        limits_state=state,
        variation_icon=_variation_icon(status, way) if judged else None,
        assurance_icon=(
            _assurance(direction, spec.target, drawn.bands[-1])
            if judged and chart == "xmr"
            else None
        ),
        status=status,
        sentence=sentence,
        rebase_hint=hint,
        rebase_from=since,
        too_few_events=too_few,
        **extra,
    )


def run_verdict(
    days: Sequence[date],
    values: Sequence[float | None],
    run: RunResult | None,
    why: str,
    spec: MeasureSpec,
    settings: ChartSettings,
    shown_from: date | None,
    extra: dict[str, Any],
) -> Verdict:
    """The verdict on a run chart (or on nothing recorded): no limits, no icons."""
    points = []
    limits: list[Limits] = []
    if run is not None:
        for part in run.parts:
            first, last = days[part.start], days[part.stop - 1]
            limits.append(
                Limits(first, last, first, last, None, None, None, None, None, part.centre)
            )
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if shown_from is not None and day < shown_from:
            continue
        centre = run.parts[run.part_of_row[i]].centre if run is not None else None
        status = "missing" if value is None else "common"
        points.append(VerdictPoint(day, value, status, None, "", centre, None, None))
    present = [v for v in values if v is not None]
    if run is None:
        sentence = why
        why = "Nothing to chart: nothing has been recorded."
    elif len(present) >= 2 and len(set(present)) == 1:
        sentence = f"No variation: every value is {words.number(present[0])}."
    elif run.runs_signal:
        part = (
            run.parts[-1]
            if run.parts[-1].runs_signal
            else next(p for p in run.parts if p.runs_signal)
        )
        if (
            part.longest_run is not None
            and part.longest_run_max is not None
            and part.longest_run > part.longest_run_max
        ):
            sentence = (
                f"Non-random variation: a run of {part.longest_run} points on one side of the "
                "median."
            )
        else:
            sentence = "Non-random variation: the values cross the median too few times."
    else:
        sentence = "No non-random pattern on the run chart yet."
    state = "no_variation" if len(present) >= 2 and len(set(present)) == 1 else "undefined"
    last_status = "missing" if not values or values[-1] is None else "common"
    return Verdict(
        chart="run", reason=why, period=spec.aggregate, direction=spec.direction,
        points=tuple(points), limits=tuple(limits), mean=None,
        centre=limits[-1].centre if limits else None, lower_limit=None, upper_limit=None,
        baseline=None, limits_state=state, variation_icon=None, assurance_icon=None,
        status=last_status, sentence=sentence, runs_signal=run.runs_signal if run else None,
        **extra,
    )  # fmt: skip
