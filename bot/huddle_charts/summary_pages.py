"""The summary as MDC matrix images: rows needing attention first, split into images short
enough to read on a phone, the first of a long summary holding only what needs attention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.charts.spec import SummaryRow, SummarySpec
from bot.huddle_charts.summary import SummaryLine, latest_text

PAGE_ROWS = 15  # rows in one image

_RANK = {  # variation icon -> place after the concern/failing-target rows
    "concern_high": 1,
    "concern_low": 1,
    "neutral_high": 3,
    "neutral_low": 3,
    "improvement_high": 5,
    "improvement_low": 5,
    "common_cause": 6,
}
_STATE_RANK = {"run chart": 7, "no verdict": 7, "too few points": 8, "no data": 9}


def needs_attention(line: SummaryLine) -> bool:
    """A concern, or a target consistently missed."""
    return (line.variation_icon or "").startswith("concern") or line.assurance_icon == "fail"


def rank(line: SummaryLine) -> int:
    """0 concern and failing target, 1 concern, 2 failing target, 3 neither-way special cause,
    4 target hit and miss, 5 improvement, 6 common cause, 7 no verdict, 8 too few, 9 no data."""
    concern = (line.variation_icon or "").startswith("concern")
    if concern and line.assurance_icon == "fail":
        return 0
    if concern:
        return 1
    if line.assurance_icon == "fail":
        return 2
    if line.assurance_icon == "inconsistent" and line.variation_icon == "common_cause":
        return 4
    if line.variation_icon in _RANK:
        return _RANK[line.variation_icon]
    return _STATE_RANK.get(line.state, 7)


def matrix_order(lines: Sequence[SummaryLine]) -> list[SummaryLine]:
    """Needing attention first; within a rank, division, team and measure as given."""
    return sorted(lines, key=rank)  # sorted is stable: the given order breaks ties


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def target_text(line: SummaryLine) -> str:
    if line.target is None:
        return ""
    unit = {"%": "%", "": ""}.get(line.unit, f" {line.unit}")
    return f"{_number(line.target)}{unit}"


def summary_row(line: SummaryLine, today: date) -> SummaryRow:
    """One matrix row of a summary line."""
    latest = latest_text(line, today).split(" (")[0]
    day = line.latest_day
    return SummaryRow(
        team=line.team,
        measure=line.measure,
        latest=latest,
        variation_icon=line.variation_icon,
        assurance_icon=line.assurance_icon,
        variation=line.variation,
        division=line.division,
        latest_date=f"{day.day} {day:%b}" if day else "",
        target=target_text(line),
        recent=line.recent,
        state=line.state,
        attention=needs_attention(line),
    )


def summary_pages(
    lines: Sequence[SummaryLine], title: str, today: date, divisions: bool
) -> list[SummarySpec]:
    """The summary's images: one when it is short; else what needs attention first (or a
    line saying nothing does), then everything else, PAGE_ROWS rows an image."""
    rows = [summary_row(line, today) for line in matrix_order(lines)]
    if len(rows) <= PAGE_ROWS:
        return [SummarySpec(title, tuple(rows), divisions)]
    urgent = [r for r in rows if r.attention]
    rest = [r for r in rows if not r.attention]
    parts = [("Needs attention", chunk) for chunk in _chunks(urgent)] or [("Needs attention", [])]
    parts += [("Everything else", chunk) for chunk in _chunks(rest)]
    total = len(parts)
    return [
        SummarySpec(
            title,
            tuple(chunk),
            divisions,
            f"{what} — image {i} of {total} ({len(rows)} measures in all, "
            f"{len(urgent)} needing attention)",
        )
        for i, (what, chunk) in enumerate(parts, start=1)
    ]


def _chunks(rows: list[SummaryRow]) -> list[list[SummaryRow]]:
    return [rows[i : i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)]
