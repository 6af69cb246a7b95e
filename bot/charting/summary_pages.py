"""The summary as MDC matrix images: rows needing attention first, split into images short
enough to read on a phone, the first of a long summary holding only what needs attention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.charting.matrix import FAILING, rank_of, sort_matrix, state_of
from bot.charting.summary import SummaryLine, latest_text
from bot.charting.summary_csv import summary_csv
from bot.messages import Attachment
from bot.spc.drawing.spec import SummaryRow, SummarySpec

PAGE_ROWS = 15  # rows in one image
MOST_IMAGES = 4  # beyond these, the whole matrix goes as a CSV file instead


def needs_attention(line: SummaryLine) -> bool:
    """A concern or a target consistently missed: what the first image of a long summary holds."""
    return rank_of(line) <= FAILING


def matrix_order(lines: Sequence[SummaryLine]) -> list[SummaryLine]:
    """The matrix's order (`bot.charting.matrix`): what needs attention first."""
    return sort_matrix(lines)


def state_words(line: SummaryLine) -> str:
    """What the row writes where there are no icons ("" when it has them)."""
    state = state_of(line)
    if state or line.variation_icon is not None:
        return state
    return "run chart" if line.chart == "run" else "no verdict"


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
        state=state_words(line),
        attention=needs_attention(line),
    )


def summary_pages(
    lines: Sequence[SummaryLine], title: str, today: date, divisions: bool,
    most: int = MOST_IMAGES,
) -> list[SummarySpec]:  # fmt: skip
    """The summary's images: one when it is short; else what needs attention first (or a line
    saying nothing does), then everything else, PAGE_ROWS rows an image, at most `most` images
    (the rest is left to the CSV file `summary_file`)."""
    rows = [summary_row(line, today) for line in matrix_order(lines)]
    if len(rows) <= PAGE_ROWS:
        return [SummarySpec(title, tuple(rows), divisions)]
    urgent = [r for r in rows if r.attention]
    parts = [("Needs attention", chunk) for chunk in _chunks(urgent)] or [("Needs attention", [])]
    parts += [("Everything else", chunk) for chunk in _chunks([r for r in rows if not r.attention])]
    parts = parts[:most]
    left = len(rows) - sum(len(chunk) for _, chunk in parts)
    rest = f"; {left} more in the attached CSV file" if left else ""
    return [
        SummarySpec(
            title,
            tuple(chunk),
            divisions,
            f"{what} — image {i} of {len(parts)} ({len(rows)} measures, "
            f"{len(urgent)} needing attention{rest})",
        )
        for i, (what, chunk) in enumerate(parts, start=1)
    ]


def summary_file(
    lines: Sequence[SummaryLine], pages: Sequence[SummarySpec], title: str
) -> Attachment | None:
    """The whole matrix as CSV, in the matrix order, when the images leave rows out."""
    if sum(len(page.rows) for page in pages) >= len(lines):
        return None
    alt = f"{title}: all {len(lines)} measures as CSV, what needs attention first"
    return Attachment("summary.csv", summary_csv(matrix_order(lines)).encode("utf-8-sig"), alt)


def _chunks(rows: list[SummaryRow]) -> list[list[SummaryRow]]:
    return [rows[i : i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)]
