"""Draw an analysed measure (a `Drawing`): nothing is re-analysed here, so the image shows
exactly the verdict every other view gives. Gaps stay gaps; limits and axis keep to the
measure's bounds; the baseline the limits rest on is shaded."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bot.charts.render import GREY, POINT_COLOURS, PURPLE, TARGET
from bot.charts.spec import ChartSpec, Drawing, Stretch

TONES = {"improvement": "#1B6FA0", "concern": "#A86A00", "neutral": PURPLE, "plain": "#333333"}
BASELINE = "#F0F0F0"


def draw(
    spec: ChartSpec,
    d: Drawing,
    figure: Any,
    markers_at: Callable[..., None],
    style: Callable[[Any, ChartSpec], None],
) -> Any:
    """The figure of one analysed measure."""
    figure.subplots_adjust(left=0.09, right=0.97, top=0.84, bottom=0.2)
    ax = figure.add_subplot()
    figure.suptitle(spec.title, x=0.02, ha="left", fontsize=17, fontweight="bold")
    heading = f"{d.chart_words} · {d.verdict}"
    figure.text(0.02, 0.89, heading, ha="left", va="bottom", fontsize=12, color=TONES[d.tone])
    under = " ".join(n for n in (d.detail, *d.notes) if n)
    if under:
        figure.text(0.02, 0.01, _wrap(under), ha="left", va="bottom", fontsize=9, color="#444444")
    if d.days:
        _points(ax, d)
        for s in d.stretches:
            _stretch(ax, d, s)
        _baseline(ax, d)
        if d.chart in ("xmr", "run"):  # a T/G-chart's axis is days, not the target's units
            _target(ax, spec)
        changes = [s.first for s in d.stretches if s.first > d.days[0]]
        markers_at(ax, spec, d.days, changes, "limits recalculated")
    style(ax, spec)
    ax.set_ylabel(d.y_label, fontsize=11)
    _bounds(ax, d)
    return figure


def _wrap(text: str, width: int = 112) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:2])


def _points(ax: Any, d: Drawing) -> None:
    """The line is broken at every missing day (NaN), never drawn across a gap."""
    ys = [math.nan if v is None else v for v in d.values]
    ax.plot(list(d.days), ys, color=GREY, linewidth=1.6, zorder=2)
    present = [i for i, v in enumerate(d.values) if v is not None]
    ax.scatter(
        [d.days[i] for i in present],
        [d.values[i] for i in present],
        c=[POINT_COLOURS.get(d.statuses[i], GREY) for i in present],
        s=36 if len(present) <= 120 else max(6, 4320 / len(present)),
        zorder=3,
        edgecolors="none",
    )


def _stretch(ax: Any, d: Drawing, s: Stretch) -> None:
    span = [s.first, s.last]
    if s.centre is not None:
        ax.plot(span, [s.centre] * 2, color="#222222", linewidth=1.2, zorder=1)
        if d.centre_name == "median":
            ax.annotate(
                f"median {s.centre:g}", (s.last, s.centre), xytext=(0, 3),
                textcoords="offset points", ha="right", fontsize=10, color="#222222",
            )  # fmt: skip
    line = (0, (2, 2)) if s.provisional else (0, (5, 3))
    for limit in (s.lower, s.upper):
        if limit is not None:
            ax.plot(span, [limit] * 2, color=GREY, linewidth=1.1, linestyle=line)
    if s.provisional and s.upper is not None:
        ax.annotate(
            "provisional limits", (s.first, s.upper), xytext=(2, 3),
            textcoords="offset points", fontsize=10, color=GREY,
        )  # fmt: skip


def _baseline(ax: Any, d: Drawing) -> None:
    """Shade the rows the limits rest on, where they fall inside the window shown."""
    if d.baseline is None or d.baseline[1] < d.days[0]:
        return
    first = max(d.baseline[0], d.days[0])
    ax.axvspan(first, d.baseline[1], color=BASELINE, zorder=0, linewidth=0)
    ax.annotate(
        "baseline", (first, 0.0), xycoords=("data", "axes fraction"), xytext=(2, 3),
        textcoords="offset points", fontsize=9, color=GREY,
    )  # fmt: skip


def _target(ax: Any, spec: ChartSpec) -> None:
    if spec.target is None:
        return
    ax.axhline(spec.target, color=TARGET, linewidth=1.3, linestyle="-.", zorder=1)
    ax.annotate(
        f"target {spec.target:g}", (1.0, spec.target), xycoords=("axes fraction", "data"),
        xytext=(-2, 3), textcoords="offset points", ha="right", fontsize=10, color=TARGET,
    )  # fmt: skip


def _bounds(ax: Any, d: Drawing) -> None:
    """The axis never runs below the measure's minimum or above its maximum (a small margin
    keeps a point on the bound visible)."""
    low, high = ax.get_ylim()
    margin = (high - low) * 0.03
    floor, ceiling = d.bounds
    if floor is not None and low < floor:
        low = floor - margin
    if ceiling is not None and high > ceiling:
        high = ceiling + margin
    ax.set_ylim(low, high)
