"""The Making Data Count summary table: every team × measure, latest value and both icons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.charts.spec import SummaryRow, SummarySpec

ICON_STYLE = {  # words, cell colour
    "common_cause": ("Common cause", "#E6E6E6"),
    "improvement_high": ("Improving ↑", "#BFE3F7"),
    "improvement_low": ("Improving ↓", "#BFE3F7"),
    "concern_high": ("Concern ↑", "#FDE4B0"),
    "concern_low": ("Concern ↓", "#FDE4B0"),
    "neutral_high": ("Change ↑", "#D9D1EC"),
    "neutral_low": ("Change ↓", "#D9D1EC"),
}
ASSURANCE_STYLE = {
    "pass": ("Meets target", "#BFE3F7"),
    "fail": ("Misses target", "#FDE4B0"),
    "inconsistent": ("Hit and miss", "#E6E6E6"),
    None: ("No target", "#FFFFFF"),
}
ROW_INCHES = 0.26


def draw_summary(spec: SummarySpec, new_figure: Callable[[float], Any]) -> Any:
    """A figure holding the table, tall enough for every row."""
    height = max(1.6, 0.8 + ROW_INCHES * (len(spec.rows) + 1))
    figure = new_figure(height)
    figure.suptitle(spec.title, x=0.02, ha="left", fontsize=16, fontweight="bold")
    ax = figure.add_axes((0.02, 0.02, 0.96, 1 - 0.6 / height))
    ax.axis("off")
    header = ["Team", "Measure", "Latest", "Variation", "Assurance"]
    cells, colours = [], []
    for row in spec.rows:
        variation, v_colour = ICON_STYLE.get(row.variation_icon or "", (_no_icon(row), "#FFFFFF"))
        assurance, a_colour = ASSURANCE_STYLE.get(row.assurance_icon, ASSURANCE_STYLE[None])
        if row.variation_icon is None:  # no limits: no assurance either
            assurance, a_colour = "—", "#FFFFFF"
        cells.append([_fit(row.team, 17), _fit(row.measure, 25), _fit(row.latest, 9)])
        cells[-1] += [variation, assurance]
        colours.append(["#FFFFFF", "#FFFFFF", "#FFFFFF", v_colour, a_colour])
    if not cells:
        ax.text(0.5, 0.5, "No measures to show", ha="center", va="center", fontsize=12)
        return figure
    table = ax.table(
        cellText=cells, cellColours=colours, colLabels=header, loc="upper left",
        colWidths=[0.24, 0.3, 0.1, 0.17, 0.17], cellLoc="left",
    )  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(11)
    table.scale(1, 1.5)
    for (r, _), cell in table.get_celld().items():
        cell.set_edgecolor("#CCCCCC")
        if r == 0:
            cell.set_text_props(fontweight="bold")
    return figure


def _no_icon(row: SummaryRow) -> str:
    """No variation icon (no data, a run chart, no limits): the verdict's first words."""
    return _fit(row.variation.split(" — ")[0] or "No verdict", 17)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
