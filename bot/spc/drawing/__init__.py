"""Charts of the ward's measures: what to draw (spec), in words (describe), as PNG (render).

Plain values in, images and sentences out: no database, no chat. The features that decide what to
draw for a team live in `bot.charting`."""

from __future__ import annotations

from bot.messages import Chart
from bot.spc.drawing.describe import alt_text, caption
from bot.spc.drawing.spec import ChartSpec, SummaryRow, SummarySpec


def chart_message(spec: ChartSpec | SummarySpec, comment: str = "") -> Chart:
    """A chart message whose alt text (and text fallback) says what the chart shows."""
    return Chart(spec=spec, alt=alt_text(spec), title=spec.title, comment=comment)


__all__ = [
    "ChartSpec",
    "SummaryRow",
    "SummarySpec",
    "alt_text",
    "caption",
    "chart_message",
]
