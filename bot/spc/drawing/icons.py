"""Making Data Count variation and assurance icons, drawn with matplotlib (our own drawings of the
MDC icons' meaning): a ringed circle in the verdict's colour with a small series inside."""

from __future__ import annotations

from typing import Any

from bot.spc.drawing.palette import COMMON, CONCERN, IMPROVEMENT, NEUTRAL

ICON_PX = 62  # each icon's side, in pixels
RING = 3.2  # the ring's width, in points

VARIATION_COLOUR = {
    "common_cause": COMMON,
    "improvement_high": IMPROVEMENT,
    "improvement_low": IMPROVEMENT,
    "concern_high": CONCERN,
    "concern_low": CONCERN,
    "neutral_high": NEUTRAL,
    "neutral_low": NEUTRAL,
}
ASSURANCE_COLOUR = {"pass": IMPROVEMENT, "fail": CONCERN, "inconsistent": COMMON}
ASSURANCE_MARK = {"pass": "P", "fail": "F", "inconsistent": "?"}
# the little series inside a variation icon: flat for common cause, a run up or down otherwise
_FLAT = [0.52, 0.44, 0.56, 0.48, 0.53, 0.46, 0.52]
_HIGH = [0.47, 0.43, 0.49, 0.45, 0.62, 0.68, 0.72]
_LOW = [0.53, 0.57, 0.51, 0.55, 0.38, 0.32, 0.28]


def icon_boxes(figure: Any, count: int) -> list[tuple[float, float, float, float]]:
    """Where the icons go (figure fractions: left, bottom, width, height), top right."""
    width, height = figure.canvas.get_width_height()
    w, h = ICON_PX / width, ICON_PX / height
    gap = 8 / width
    top = 1 - 6 / height - h
    return [(1 - (count - i) * (w + gap), top, w, h) for i in range(count)]


def _place(figure: Any, box: tuple[float, float, float, float]) -> Any:
    """A transform from the icon's own unit square to the figure (no axes: they cost time)."""
    from matplotlib.transforms import Affine2D

    left, bottom, width, height = box
    return Affine2D().scale(width, height).translate(left, bottom) + figure.transFigure


def _disc(figure: Any, box: tuple[float, float, float, float], colour: str) -> Any:
    from matplotlib.patches import Circle

    where = _place(figure, box)
    figure.add_artist(Circle((0.5, 0.5), 0.45, facecolor="white", edgecolor=colour,
                             linewidth=RING, transform=where))  # fmt: skip
    return where


def draw_variation_icon(figure: Any, box: tuple[float, float, float, float], icon: str) -> None:
    """One variation icon in `box` (figure fractions); the summary matrix draws them per row."""
    from matplotlib.lines import Line2D

    colour = VARIATION_COLOUR[icon]
    where = _disc(figure, box, colour)
    ys = _FLAT if icon == "common_cause" else _HIGH if icon.endswith("high") else _LOW
    xs = [0.23 + 0.09 * i for i in range(len(ys))]
    plain = icon == "common_cause"
    figure.add_artist(Line2D(xs, ys, color=COMMON, linewidth=1.2, transform=where))
    figure.add_artist(Line2D(xs[:4], ys[:4], linestyle="", marker="o", markersize=3,
                             color=COMMON, transform=where))  # fmt: skip
    figure.add_artist(Line2D(xs[4:], ys[4:], linestyle="", marker="o",
                             markersize=3 if plain else 3.8, color=COMMON if plain else colour,
                             transform=where))  # fmt: skip
    if not plain:
        high = icon.endswith("high")
        figure.text(0.5, 0.24 if high else 0.76, "H" if high else "L", ha="center",
                    va="center", fontsize=10, fontweight="bold", color=colour,
                    transform=where)  # fmt: skip


def draw_assurance_icon(figure: Any, box: tuple[float, float, float, float], icon: str) -> None:
    """One assurance icon in `box` (figure fractions); the summary matrix draws them per row."""
    from matplotlib.lines import Line2D

    colour = ASSURANCE_COLOUR[icon]
    where = _disc(figure, box, colour)
    figure.add_artist(Line2D([0.16, 0.84], [0.5, 0.5], color=colour, linewidth=1.4,
                             linestyle=(0, (2, 1.5)), transform=where))  # fmt: skip
    figure.text(0.5, 0.5, ASSURANCE_MARK[icon], ha="center", va="center", fontsize=19,
                fontweight="bold", color=colour, transform=where,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip


def draw_icons(figure: Any, variation: str | None, assurance: str | None) -> int:
    """The analysis's icons, top right (none when it has none); how many were drawn."""
    wanted = [w for w in (("v", variation), ("a", assurance)) if w[1]]
    for box, (which, icon) in zip(icon_boxes(figure, len(wanted)), wanted, strict=True):
        (draw_variation_icon if which == "v" else draw_assurance_icon)(figure, box, icon)  # type: ignore[arg-type]
    return len(wanted)
