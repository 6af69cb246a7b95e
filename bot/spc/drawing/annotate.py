"""What is written on a measure's chart besides the points: the values of the mean, limits and
target at the right edge, and labels for rebases, tested ideas and gaps that never overlap."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from bot.spc.drawing.as_text import value_text
from bot.spc.drawing.palette import COMMON, IDEA, INK, QUIET, TARGET
from bot.spc.drawing.spec import ChartSpec, Drawing

LABEL_SIZE = 10.5
ROW_PX = 17  # one row of marker labels
LEAST_GAP_PX = 14  # right-edge labels closer than this are pushed apart


def edge_labels(ax: Any, d: Drawing, target: float | None) -> list[Any]:
    """Mean (or median), limits and target of the latest stretch, with values and unit, just
    right of the plot; labels that would touch are pushed apart (each keeps its tick)."""
    wanted: list[tuple[float, str, str]] = []
    if d.stretches:
        s = d.stretches[-1]
        if s.centre is not None:
            wanted.append((s.centre, f"{d.centre_name} {value_text(s.centre, d.unit)}", INK))
        if s.upper is not None:
            wanted.append((s.upper, f"upper {value_text(s.upper, d.unit)}", QUIET))
        if s.lower is not None:
            wanted.append((s.lower, f"lower {value_text(s.lower, d.unit)}", QUIET))
    if target is not None:
        wanted.append((target, f"target {value_text(target, d.unit)}", TARGET))
    low, high = ax.get_ylim()
    wanted = [w for w in wanted if low <= w[0] <= high]
    to_px = ax.transData.transform
    ys = [to_px((0, v))[1] for v, _, _ in wanted]
    order = sorted(range(len(wanted)), key=lambda i: ys[i])
    placed: list[float] = []
    for i in order:
        y = ys[i] if not placed else max(ys[i], placed[-1] + LEAST_GAP_PX)
        placed.append(y)
    if placed and placed[-1] > ax.bbox.y1 + 6:  # pushed off the top: shift the stack down
        shift = placed[-1] - ax.bbox.y1 - 6
        placed = [y - shift for y in placed]
    out = []
    for i, y in zip(order, placed, strict=True):
        _, words, colour = wanted[i]
        fraction = (y - ax.bbox.y0) / ax.bbox.height
        out.append(
            ax.annotate(
                words,
                (1.0, fraction),
                xycoords="axes fraction",
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=LABEL_SIZE,
                color=colour,
                annotation_clip=False,
            )  # fmt: skip
        )
    return out


def like(day: date, example: date) -> date:
    """A marker's date in the same form as the chart's dates (so the two compare)."""
    if isinstance(example, datetime) and not isinstance(day, datetime):
        return datetime.combine(day, time())
    if not isinstance(example, datetime) and isinstance(day, datetime):
        return day.date()
    return day


def gap_spans(d: Drawing) -> list[tuple[date, date, int]]:
    """Runs of unrecorded points long enough to name (a week of days, two weeks or months)."""
    least = 7 if d.period == "day" else 2
    out, start = [], None
    for i, value in enumerate(d.values):
        if value is None and start is None:
            start = i
        if start is not None and (value is not None or i == len(d.values) - 1):
            stop = i if value is not None else i + 1
            if stop - start >= least:
                out.append((d.days[start], d.days[stop - 1], stop - start))
            start = None
    return out


def marker_labels(ax: Any, spec: ChartSpec, d: Drawing) -> list[Any]:
    """Lines at limit changes, tested ideas and long gaps, each labelled in the band at the top
    of the plot; a label that would overlap another goes a row lower."""
    if not d.days:
        return []
    labels = {like(day, d.days[0]): text for day, text in spec.markers}
    changes = [s.first for s in d.stretches if s.first > d.days[0]]
    lines = [(day, labels.pop(day, "limits recalculated"), INK, ":") for day in changes]
    lines += [(day, t, IDEA, "--") for day, t in labels.items() if d.days[0] <= day <= d.days[-1]]
    unit = {"day": "days", "week": "weeks", "month": "months"}.get(d.period, "points")
    for first, last, n in gap_spans(d):
        ax.axvspan(first, last, color=COMMON, alpha=0.18, linewidth=0, zorder=0)
        lines.append((first + (last - first) / 2, f"no data: {n} {unit}", QUIET, ""))
    renderer = ax.figure.canvas.get_renderer()
    # one chart's days are all dates or all datetimes, never a mix
    span = (d.days[-1] - d.days[0]) or timedelta(days=1)  # type: ignore[operator]
    taken: list[Any] = []
    out = []
    for day, text, colour, style in sorted(lines, key=lambda line: line[0]):
        if style:
            ax.axvline(day, color=colour, linewidth=1.2, linestyle=style, zorder=1)
        short = text if len(text) <= 40 else text[:39] + "…"
        late = (day - d.days[0]) / span > 0.6
        align = "center" if not style else "right" if late else "left"
        for row in range(8):
            label = ax.annotate(
                short, (day, 1.0), xycoords=("data", "axes fraction"),
                xytext=({"center": 0, "right": -3, "left": 3}[align], -4 - ROW_PX * row),
                textcoords="offset points", ha=align, va="top", fontsize=LABEL_SIZE - 0.5,
                color=colour,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.9},
            )  # fmt: skip
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken) or row == 7:
                break
            label.remove()
        taken.append(box)
        out.append(label)
    return out
