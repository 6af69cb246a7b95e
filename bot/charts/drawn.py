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

from bot.charts.annotate import edge_labels, marker_labels
from bot.charts.axis import date_axis
from bot.charts.icons import draw_icons
from bot.charts.numbers import ARROW, better_text, period_text
from bot.charts.palette import COMMON, INK, POINT_COLOURS, QUIET, TARGET, TONES
from bot.charts.spec import ChartSpec, Drawing, Stretch

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
    ax = figure.add_subplot()  # the first axes: the plot (the icons have their own)
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
    plain = [i for i, v in enumerate(d.values) if v is not None and d.statuses[i] == "common_cause"]
    special = [i for i, v in enumerate(d.values) if v is not None and i not in set(plain)]
    ax.scatter([d.days[i] for i in plain], [d.values[i] for i in plain], s=8 if dense else 22,
               color=COMMON, zorder=3, edgecolors="none")  # fmt: skip
    ax.scatter(
        [d.days[i] for i in special], [d.values[i] for i in special],
        c=[POINT_COLOURS.get(d.statuses[i], COMMON) for i in special],
        s=26 if dense else 64, zorder=4, edgecolors=INK, linewidths=0.9,
    )  # fmt: skip


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
        if last - first < timedelta(days=14):  # a few points: a fortnight around them
            middle = first + (last - first) / 2
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
    from matplotlib.lines import Line2D

    def dot(colour: str, size: float, edge: str) -> Line2D:
        return Line2D([], [], marker="o", linestyle="", markersize=size, markerfacecolor=colour,
                      markeredgecolor=edge, markeredgewidth=0.9)  # fmt: skip

    handles, words = [dot(COMMON, 5, COMMON)], ["common cause"]
    for status, name in LEGEND.items():
        if status in d.statuses and name not in words:
            handles.append(dot(POINT_COLOURS[status], 8, INK))
            words.append(name)
    handles.append(Line2D([], [], color=INK, linewidth=1.3))
    words.append(d.centre_name)
    if any(s.upper is not None or s.lower is not None for s in d.stretches):
        handles.append(Line2D([], [], color=QUIET, linewidth=1.1, linestyle=(0, (5, 3))))
        words.append("limits")
    if target is not None:
        handles.append(Line2D([], [], color=TARGET, linewidth=1.4, linestyle="-."))
        words.append("target")
    figure.legend(handles, words, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=len(words),
                  frameon=False, fontsize=10.5, handlelength=1.6, columnspacing=1.2,
                  handletextpad=0.4, labelcolor=INK)  # fmt: skip
