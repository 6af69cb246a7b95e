"""Draw an analysed measure (a `Drawing`): nothing is re-analysed here, so the image shows
exactly the verdict every other view gives. Title, period and chart type, which way is better,
the analysis's sentence, its MDC icons, the points (special causes larger, ringed and coloured),
the mean, limits and target labelled with their values, a legend. Readable at 400 px wide."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.spc.drawing.annotate import edge_labels, marker_labels
from bot.spc.drawing.as_text import ARROW, better_text, period_text
from bot.spc.drawing.axis import date_axis
from bot.spc.drawing.icons import draw_icons
from bot.spc.drawing.palette import COMMON, INK, POINT_COLOURS, QUIET, TARGET, TONES
from bot.spc.drawing.spec import ChartSpec, Drawing, Stretch

BASELINE = "#F2F2F2"
LINE = "#8c8c8c"
LEGEND = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neither better nor worse",
    "special_cause_neutral_low": "neither better nor worse",
}


def subtitle(d: Drawing, width: int = 70) -> str:
    """ "daily, 1 Dec 2026 – 28 Feb 2027 · XmR chart · ▼ lower is better"."""
    parts = [period_text(d.period, d.days[0], d.days[-1])] if d.days else ["no data yet"]
    parts.append(d.chart_words)
    if better_text(d.direction):
        parts.append(f"{ARROW[d.direction]} {better_text(d.direction)}")
    lines = [parts[0]]
    for part in parts[1:]:  # break between parts, never inside one
        if len(lines[-1]) + 3 + len(part) > width:
            lines.append(part)
        else:
            lines[-1] += f" · {part}"
    return "\n".join(lines)


def sentence(d: Drawing, width: int = 84, most: int = 3) -> list[str]:
    """The analysis's one plain sentence and its notes (a sustained change, a gap, days since
    the last event), wrapped; never a second verdict. Notes that do not fit are left out."""
    first = d.detail or d.verdict
    words = first.rstrip(".") + "."
    for note in d.notes:
        if note.rstrip(".") in words:
            continue
        longer = f"{words} {note}"
        if len(textwrap.wrap(longer, width)) > most:
            break
        words = longer
    return textwrap.wrap(words, width)[:most]


def _heading(figure: Any, title: str, d: Drawing) -> float:
    """Title, subtitle (kept clear of the icons) and sentence; where the plot may start."""
    height = figure.canvas.get_width_height()[1]
    y = 1 - 8 / height
    big = 17 if len(title) <= 38 else 15
    rows = [
        ("\n".join(textwrap.wrap(title, 38 if big == 17 else 44)), big, "bold", INK),
        (subtitle(d), 11.5, "normal", QUIET),
        ("\n".join(sentence(d)), 12.5, "normal", TONES[d.tone]),
    ]
    for words, size, weight, colour in rows:
        figure.text(0.018, y, words, ha="left", va="top", fontsize=size, fontweight=weight,
                    color=colour, linespacing=1.15)  # fmt: skip
        y -= (words.count("\n") + 1) * size * 1.2 * (figure.dpi / 72) / height + 6 / height
    return y


def draw(
    spec: ChartSpec,
    d: Drawing,
    figure: Any,
    markers_at: Callable[..., None] | None = None,
    style: Callable[[Any, ChartSpec], None] | None = None,
) -> Any:
    """The figure of one analysed measure."""
    y = _heading(figure, spec.title, d)
    figure.subplots_adjust(left=0.085, right=0.8, top=y - 0.035, bottom=0.15)
    ax = figure.axes[0] if figure.axes else figure.add_subplot()  # a reused figure has one
    draw_icons(figure, d.variation_icon, d.assurance_icon)
    target = spec.target if d.chart in ("xmr", "run") else None  # a T-chart's axis is days
    if d.days:
        _points(ax, d)
        for s in d.stretches:
            _stretch(ax, s)
        _baseline(ax, d)
        if target is not None:
            ax.axhline(target, color=TARGET, linewidth=1.4, linestyle="-.", zorder=1)
    _look(ax, d)
    if d.days:
        edge_labels(ax, d, target)
        marker_labels(ax, spec, d)
        _legend(figure, d, target)
    else:
        ax.text(0.5, 0.5, "No data yet", transform=ax.transAxes, ha="center", fontsize=13)
    return figure


def _points(ax: Any, d: Drawing) -> None:
    """Common cause: small grey dots; special cause: larger, coloured, ringed in dark (a cue
    that is not colour). The line is broken at every missing point (NaN), never drawn across."""
    ys = [math.nan if v is None else v for v in d.values]
    ax.plot(list(d.days), ys, color=LINE, linewidth=1.3, zorder=2)
    dense = len(d.days) > 120
    groups: dict[str, list[int]] = {}
    for i, v in enumerate(d.values):
        if v is not None:
            groups.setdefault(d.statuses[i], []).append(i)
    for status, rows in groups.items():  # Line2D markers: far cheaper to draw than a scatter
        plain = status == "common_cause"
        ax.plot([d.days[i] for i in rows], [d.values[i] for i in rows], linestyle="",
                marker="o", markersize=(2.8 if dense else 4.6) if plain else (5 if dense else 8),
                markerfacecolor=POINT_COLOURS.get(status, COMMON),
                markeredgecolor=COMMON if plain else INK, markeredgewidth=0 if plain else 0.9,
                zorder=3 if plain else 4)  # fmt: skip


def _stretch(ax: Any, s: Stretch) -> None:
    span = [s.first, s.last]
    if s.centre is not None:
        ax.plot(span, [s.centre] * 2, color=INK, linewidth=1.3, zorder=1)
    line = (0, (2, 2)) if s.provisional else (0, (5, 3))
    for limit in (s.lower, s.upper):
        if limit is not None:
            ax.plot(span, [limit] * 2, color=QUIET, linewidth=1.1, linestyle=line, zorder=1)


def _baseline(ax: Any, d: Drawing) -> None:
    """Shade the rows the limits rest on, where they fall inside the window shown."""
    if d.baseline is None or d.baseline[1] < d.days[0]:
        return
    ax.axvspan(max(d.baseline[0], d.days[0]), d.baseline[1], color=BASELINE, zorder=0,
               linewidth=0)  # fmt: skip


def _look(ax: Any, d: Drawing) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=d.whole, min_n_ticks=3))
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(COMMON)
    ax.tick_params(labelsize=11.5, colors=QUIET, labelcolor=INK)
    ax.grid(axis="y", color="#ECECEC", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylabel(d.y_label, fontsize=11.5, color=INK)
    if d.days:
        first, last = d.days[0], d.days[-1]
        # one chart's days are all dates or all datetimes, never a mix
        if last - first < timedelta(days=14):  # type: ignore[operator]
            middle = first + (last - first) / 2  # type: ignore[operator]
            ax.set_xlim(middle - timedelta(days=7), middle + timedelta(days=7))
        date_axis(ax, d.period, d.days[0])
    _bounds(ax, d)


def _bounds(ax: Any, d: Drawing) -> None:
    """The axis never runs below the measure's minimum or above its maximum (a small margin
    keeps a point on the bound visible); room is left at the top for the marker labels."""
    low, high = ax.get_ylim()
    margin = (high - low) * 0.03
    floor, ceiling = d.bounds
    high += (high - low) * 0.12
    if floor is not None and low < floor:
        low = floor - margin
    if ceiling is not None and high > ceiling:
        high = ceiling + margin
    ax.set_ylim(low, high)


def _legend(figure: Any, d: Drawing, target: float | None) -> None:
    """One row along the bottom: which point is which and what each line is (drawn by hand:
    a matplotlib legend costs more than the rest of the chart's words)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    keys: list[tuple[dict[str, Any], str]] = [
        ({"marker": "o", "markersize": 4.6, "markerfacecolor": COMMON, "markeredgewidth": 0},
         "common cause"),
    ]  # fmt: skip
    for status, name in LEGEND.items():
        if status in d.statuses and name not in [w for _, w in keys]:
            keys.append(({"marker": "o", "markersize": 8, "markeredgecolor": INK,
                          "markerfacecolor": POINT_COLOURS[status], "markeredgewidth": 0.9},
                         name))  # fmt: skip
    keys.append(({"color": INK, "linewidth": 1.3, "linestyle": "-"}, d.centre_name))
    if any(s.upper is not None or s.lower is not None for s in d.stretches):
        keys.append(({"color": QUIET, "linewidth": 1.1, "linestyle": (0, (5, 3))}, "limits"))
    if target is not None:
        keys.append(({"color": TARGET, "linewidth": 1.4, "linestyle": "-."}, "target"))
    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=10.5)
    x, y = 12.0, 17.0  # pixels from the bottom left
    for style, word in keys:
        if "marker" in style:
            figure.add_artist(Line2D([x + 9], [y], linestyle="", transform=None, **style))
        else:
            figure.add_artist(Line2D([x, x + 20], [y, y], transform=None, **style))
        figure.text(x + 25, y, word, fontproperties=font, color=INK, va="center", ha="left",
                    transform=None)  # fmt: skip
        x += 25 + renderer.get_text_width_height_descent(word, font, ismath=False)[0] + 16
