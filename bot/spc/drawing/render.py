"""Draw a chart spec as a PNG (about 800×450 px), with matplotlib's object-oriented API only.

matplotlib is imported inside the functions: the core stays light, and only the worker
processes that render pay for it. Never pyplot: it keeps global state and is not thread-safe.
"""

from __future__ import annotations

import io
import math
import warnings
from datetime import datetime, time, timedelta
from typing import Any

from bot.spc.drawing.describe import analysis, caption, spec_caption
from bot.spc.drawing.measure_image import draw
from bot.spc.drawing.palette import COMMON as GREY  # noqa: E402
from bot.spc.drawing.palette import CONCERN as ORANGE  # noqa: E402
from bot.spc.drawing.palette import IDEA, POINT_COLOURS, TARGET  # noqa: E402, F401
from bot.spc.drawing.palette import IMPROVEMENT as BLUE  # noqa: E402, F401
from bot.spc.drawing.palette import NEUTRAL as PURPLE  # noqa: E402
from bot.spc.drawing.png import rgb_png
from bot.spc.drawing.spec import ChartSpec, SummarySpec
from bot.spc.drawing.table import draw_summary
from bot.spc.drawing.template import reused_figure
from bot.spc.options import Day
from bot.spc.results import RunResult, XmrResult

WIDTH, HEIGHT, DPI = 8.0, 4.5, 100
SMALL_ENOUGH = 90_000  # bytes; chat clients show a chart inline well under 100 KB


def render_png(spec: ChartSpec | SummarySpec) -> bytes:
    """The PNG bytes of a measure's chart or of the summary table."""
    if isinstance(spec, SummarySpec):
        return _png(draw_summary(spec, _figure))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy overflow on absurd values
        try:
            return _png(_chart(spec, reuse=True))
        except (ValueError, OverflowError):  # values beyond what an axis can show (say 1e308)
            return _png(_words_only(spec))


def _words_only(spec: ChartSpec) -> Any:
    """A picture of the words alone, for values no axis can draw."""
    figure = _figure()
    figure.suptitle(spec.title, x=0.02, ha="left", fontsize=17, fontweight="bold")
    figure.text(0.02, 0.8, spec_caption(spec), fontsize=11)
    figure.text(0.02, 0.7, "These values are too large to draw.", fontsize=11, color=GREY)
    return figure


def _figure(height: float = HEIGHT) -> Any:
    from matplotlib.figure import Figure

    from bot.spc.drawing.glyphs import GlyphCanvas

    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    GlyphCanvas(figure)
    return figure


def _png(figure: Any) -> bytes:
    figure.canvas.draw()
    data = rgb_png(figure.canvas.buffer_rgba())
    if len(data) <= SMALL_ENOUGH:
        return data
    return _palette_png(figure)


def _palette_png(figure: Any) -> bytes:
    """A dense chart or a long table as a 64-colour PNG: a fraction of the size, same look."""
    from PIL import Image

    rgba = Image.frombuffer(
        "RGBA", figure.canvas.get_width_height(), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    buffer = io.BytesIO()
    rgba.convert("RGB").quantize(64).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _nan(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _chart(spec: ChartSpec, reuse: bool = False) -> Any:
    """The figure of a chart; `reuse`: drawn on this thread's chart figure (see `template`)."""
    if spec.drawing is not None:
        fresh = not reuse or not spec.drawing.days  # an empty chart has no date axis
        return draw(spec, spec.drawing, _figure() if fresh else reused_figure(WIDTH, HEIGHT, DPI))
    result = analysis(spec)
    figure = _figure()
    figure.subplots_adjust(left=0.09, right=0.97, top=0.84, bottom=0.12)
    ax = figure.add_subplot()
    figure.suptitle(spec.title, x=0.02, ha="left", fontsize=17, fontweight="bold")
    words = caption(result)
    figure.text(0.02, 0.89, words, ha="left", va="bottom", fontsize=13, color=_tone(result))
    days = list(result.dates)
    values = _nan(result.values)
    ax.plot(days, values, color=GREY, linewidth=1.6, zorder=2)
    if isinstance(result, XmrResult):
        _xmr_lines(ax, result, spec)
    else:
        _run_lines(ax, result)
    _markers(ax, spec, result)
    _style(ax, spec)
    return figure


def _tone(result: XmrResult | RunResult) -> str:
    """The caption's colour: a darker shade of the signal's colour, readable as text."""
    if isinstance(result, RunResult):
        return "#A86A00" if result.runs_signal else "#333333"
    icon = result.variation_icon
    for word, colour in (("improvement", "#1B6FA0"), ("concern", "#A86A00"), ("neutral", PURPLE)):
        if word in icon:
            return colour
    return "#333333"


def _xmr_lines(ax: Any, result: XmrResult, spec: ChartSpec) -> None:
    colours = [POINT_COLOURS[t] for t in result.point_type]
    present = [i for i, v in enumerate(result.values) if v is not None]
    ax.scatter(
        [result.dates[i] for i in present],
        [result.values[i] for i in present],
        c=[colours[i] for i in present],
        s=36 if len(present) <= 120 else max(6, 4320 / len(present)),
        zorder=3,
        edgecolors="none",
    )
    for g in result.groups:
        days = list(result.dates[g.start : g.stop])
        if g.mean is not None:
            ax.plot(days, [g.mean] * len(days), color="#222222", linewidth=1.2, zorder=1)
        if g.upl is not None and g.lpl is not None:
            style = (0, (2, 2)) if g.short else (0, (5, 3))
            for limit in (g.upl, g.lpl):
                ax.plot(days, [limit] * len(days), color=GREY, linewidth=1.1, linestyle=style)
            if g.short:
                ax.annotate(
                    "provisional limits", (days[0], g.upl), xytext=(2, 3),
                    textcoords="offset points", fontsize=10, color=GREY,
                )  # fmt: skip
    if spec.target is not None and result.dates:
        ax.axhline(spec.target, color=TARGET, linewidth=1.3, linestyle="-.", zorder=1)
        ax.annotate(
            f"target {spec.target:g}", (1.0, spec.target), xycoords=("axes fraction", "data"),
            xytext=(-2, 3), textcoords="offset points", ha="right", fontsize=10, color=TARGET,
        )  # fmt: skip


def _run_lines(ax: Any, result: RunResult) -> None:
    ax.scatter(
        list(result.dates), _nan(result.values), color=GREY, s=30, zorder=3, edgecolors="none"
    )
    for p in result.parts:
        if p.centre is None:
            continue
        days = list(result.dates[p.start : p.stop])
        colour, style = (ORANGE, "--") if p.runs_signal else ("#222222", "-")
        ax.plot(days, [p.centre] * len(days), color=colour, linewidth=1.3, linestyle=style)
        ax.annotate(
            f"median {p.centre:g}", (days[-1], p.centre), xytext=(0, 3),
            textcoords="offset points", ha="right", fontsize=10, color=colour,
        )  # fmt: skip


def _markers(ax: Any, spec: ChartSpec, result: XmrResult | RunResult) -> None:
    """Vertical lines at rebases (or parts) and at labelled dates such as a tested idea's start."""
    if not result.dates:
        return
    starts = result.groups if isinstance(result, XmrResult) else result.parts
    default = "limits recalculated" if isinstance(result, XmrResult) else "new part"
    changes = [result.dates[g.start] for g in starts if g.start > 0]
    _markers_at(ax, spec, tuple(result.dates), changes, default)


def _markers_at(
    ax: Any, spec: ChartSpec, dates: tuple[Day, ...], changes: list[Day], default: str
) -> None:
    """Vertical lines at limit changes and at labelled dates such as a tested idea's start;
    labels are staggered so that neighbours do not overwrite each other."""
    labels = {_like(day, dates[0]): text for day, text in spec.markers}
    lines = [(day, labels.pop(day, default), "#222222", ":") for day in changes]
    inside = [(day, text) for day, text in labels.items() if dates[0] <= day <= dates[-1]]
    lines += [(day, text, IDEA, "--") for day, text in inside]
    first = dates[0]
    span = (dates[-1] - first) or timedelta(days=1)  # type: ignore[operator]
    for i, (day, text, colour, style) in enumerate(sorted(lines, key=lambda line: line[0])):
        ax.axvline(day, color=colour, linewidth=1.1, linestyle=style, zorder=1)
        short = text if len(text) <= 28 else text[:27] + "…"
        late = (day - first) / span > 0.8  # type: ignore[operator]  # label left of late lines
        ax.annotate(
            short, (day, 1.0), xycoords=("data", "axes fraction"),
            xytext=(-3 if late else 3, -14 - 15 * (i % 3)), ha="right" if late else "left",
            textcoords="offset points", fontsize=10, color=colour,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85},
        )  # fmt: skip


def _like(day: Day, example: Day) -> Day:
    """A marker's date in the same form as the chart's dates (so the two compare)."""
    if isinstance(example, datetime) and not isinstance(day, datetime):
        return datetime.combine(day, time())
    if not isinstance(example, datetime) and isinstance(day, datetime):
        return day.date()
    return day


def _style(ax: Any, spec: ChartSpec) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=11)
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    if spec.unit:
        ax.set_ylabel(spec.unit, fontsize=11)
    if not spec.dates:
        ax.text(0.5, 0.5, "No data yet", transform=ax.transAxes, ha="center", fontsize=12)
