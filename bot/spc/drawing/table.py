"""The Making Data Count summary matrix as an image: one row per team × measure, names wrapped
(never cut), a sparkline, the latest value and date, the target and the two MDC icons."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bot.spc.drawing.icons import (
    ICON_PX,
    VARIATION_COLOUR,
    draw_assurance_icon,
    draw_variation_icon,
)
from bot.spc.drawing.palette import COMMON
from bot.spc.drawing.spec import SummaryRow, SummarySpec

WIDTH_PX, DPI = 800, 100
FONT = 12  # points
LINE_PX = 20
MIN_ROW_PX = ICON_PX + 10
TITLE_PX, NOTE_PX, HEADER_PX = 40, 24, 30
ATTENTION_TINT = "#FDF0E6"  # a light shade of the concern colour behind rows needing attention
NAMES = ("division", "team", "measure")
PAD = 8  # px between a name and the next column


def columns(divisions: bool) -> list[tuple[str, str, int]]:
    """(key, heading, width in px) of each column, left to right."""
    names = [("division", "Division", 96), ("team", "Team", 116), ("measure", "Measure", 144)]
    if not divisions:
        names = [("team", "Team", 156), ("measure", "Measure", 200)]
    return names + [
        ("trend", "Trend", 88),
        ("latest", "Latest", 78),
        ("target", "Target", 66),
        ("variation", "Variation", 84),
        ("assurance", "Assurance", 84),
    ]


def body_top(spec: SummarySpec, note_lines: int = 1) -> int:
    """Where the first row starts, in px from the top."""
    return TITLE_PX + (NOTE_PX * note_lines if spec.note else 0) + HEADER_PX


def wrapped(text: str, width_px: int, measure: Callable[[str], float]) -> list[str]:
    """A name over as many lines as it needs, split between words only (never cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width_px - PAD:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _measurer(figure: Any, weight: str) -> Callable[[str], float]:
    """The width in px of a text as drawn."""
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=FONT, weight=weight)
    return lambda text: renderer.get_text_width_height_descent(text, font, ismath=False)[0]


def _row_lines(
    row: SummaryRow, cols: list[tuple[str, str, int]], plain: Callable[[str], float],
    bold: Callable[[str], float],
) -> dict[str, list[str]]:  # fmt: skip
    return {
        key: wrapped(getattr(row, key), width, bold if key == "measure" else plain)
        for key, _, width in cols
        if key in NAMES
    }


def draw_summary(spec: SummarySpec, new_figure: Callable[[float], Any]) -> Any:
    """A figure holding the matrix, tall enough for every row and every wrapped name."""
    cols = columns(spec.divisions)
    figure = new_figure(4.0)
    plain, bold = _measurer(figure, "normal"), _measurer(figure, "bold")
    lines = [_row_lines(row, cols, plain, bold) for row in spec.rows]
    heights = [max(MIN_ROW_PX, 14 + LINE_PX * max(len(v) for v in ls.values())) for ls in lines]
    body = sum(heights) if spec.rows else 60
    note = wrapped(spec.note, WIDTH_PX - 20, plain)
    height_px = body_top(spec, len(note)) + body + 12
    figure.set_size_inches(WIDTH_PX / DPI, height_px / DPI)
    page = _Page(figure, height_px)
    page.text(10, 8, spec.title, size=16, weight="bold")
    if spec.note:
        page.text(10, TITLE_PX, "\n".join(note), colour="#333333")
    top = body_top(spec, len(note)) - HEADER_PX
    x = 8
    for key, heading, width in cols:
        if key in ("variation", "assurance"):  # centred over the icons
            page.text(x + width / 2, top + 9, heading, size=FONT - 2, weight="bold", ha="center")
        else:
            page.text(x, top + 8, heading, size=FONT - 1, weight="bold")
        x += width
    page.rule(top + HEADER_PX - 2, "#666666")
    y = top + HEADER_PX
    if not spec.rows:
        page.text(10, y + 16, "Nothing needs attention: no concern and no target consistently "
                  "missed.")  # fmt: skip
    for row, row_lines, h in zip(spec.rows, lines, heights, strict=True):
        _draw_row(page, row, row_lines, cols, y, h)
        page.rule(y + h)
        y += h
    return figure


class _Page:
    """Pixel positions (from the top left) to figure fractions."""

    def __init__(self, figure: Any, height_px: int) -> None:
        self.figure = figure
        self.h = height_px

    def box(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x / WIDTH_PX, 1 - (y + h) / self.h, w / WIDTH_PX, h / self.h)

    def text(self, x: float, y: float, words: str, size: float = FONT, weight: str = "normal",
             colour: str = "#111111", ha: str = "left") -> None:  # fmt: skip
        self.figure.text(x / WIDTH_PX, 1 - y / self.h, words, ha=ha, va="top",
                         fontsize=size, fontweight=weight, color=colour)  # fmt: skip

    def rule(self, y: float, colour: str = "#D0D0D0") -> None:
        from matplotlib.lines import Line2D

        fy = 1 - y / self.h
        self.figure.add_artist(Line2D([0.01, 0.99], [fy, fy], color=colour, linewidth=0.8))

    def shade(self, y: float, h: float, colour: str) -> None:
        from matplotlib.patches import Rectangle

        x, fy, w, fh = self.box(2, y, WIDTH_PX - 4, h)
        self.figure.add_artist(Rectangle((x, fy), w, fh, facecolor=colour, edgecolor="none",
                                         transform=self.figure.transFigure, zorder=-1))  # fmt: skip


def _draw_row(
    page: _Page, row: SummaryRow, lines: dict[str, list[str]], cols: list[tuple[str, str, int]],
    y: float, h: float,
) -> None:  # fmt: skip
    if row.attention:
        page.shade(y, h, ATTENTION_TINT)
    x = 8
    at = {}
    for key, _, width in cols:
        at[key] = (x, width)
        x += width
    for key in NAMES:
        if key in lines:
            page.text(at[key][0], y + 8, "\n".join(lines[key]),
                      weight="bold" if key == "measure" else "normal")  # fmt: skip
    _sparkline(page, row, at["trend"], y, h)
    lx = at["latest"][0]
    page.text(lx, y + 8, row.latest if row.state != "no data" else "—", weight="bold")
    if row.latest_date:
        page.text(lx, y + 8 + LINE_PX, row.latest_date, size=FONT - 1, colour="#555555")
    page.text(at["target"][0], y + 8, row.target or "none",
              colour="#111111" if row.target else "#777777")  # fmt: skip
    vx, vw = at["variation"]
    ax_, aw = at["assurance"]
    if row.variation_icon is None:
        page.text(vx, y + 8, row.state or "no verdict", colour="#444444")
        return
    top = y + (h - ICON_PX) / 2
    draw_variation_icon(page.figure, page.box(vx + (vw - ICON_PX) / 2, top, ICON_PX, ICON_PX),
                        row.variation_icon)  # fmt: skip
    if row.assurance_icon:
        box = page.box(ax_ + (aw - ICON_PX) / 2, top, ICON_PX, ICON_PX)
        draw_assurance_icon(page.figure, box, row.assurance_icon)
    else:
        page.text(ax_ + 2, y + 8, "no\ntarget", size=FONT - 1, colour="#777777")


def _sparkline(page: _Page, row: SummaryRow, at: tuple[int, int], y: float, h: float) -> None:
    values = [math.nan if v is None else v for v in row.recent]
    if not any(v == v for v in values):
        return
    x, width = at
    tall = min(h - 16, 44)
    ax = page.figure.add_axes(page.box(x + 2, y + (h - tall) / 2, width - 14, tall))
    ax.axis("off")
    xs = list(range(len(values)))
    ax.plot(xs, values, color=COMMON, linewidth=1.3)
    last = max(i for i, v in enumerate(values) if v == v)
    colour = VARIATION_COLOUR.get(row.variation_icon or "", "#444444")
    ax.scatter([xs[last]], [values[last]], s=22, color=colour, zorder=3)
    ax.set_xlim(-0.5, len(values) - 0.5)
    ax.margins(y=0.18)  # the latest point's dot is never clipped
