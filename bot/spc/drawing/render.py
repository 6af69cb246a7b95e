"""Draw a chart spec as a PNG (about 800×450 px), with matplotlib's object-oriented API only.

matplotlib is imported inside the functions: the core stays light, and only the worker
processes that render pay for it. Never pyplot: it keeps global state and is not thread-safe.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import replace
from typing import Any

from bot.spc.drawing.describe import spec_caption
from bot.spc.drawing.from_result import result_drawing
from bot.spc.drawing.measure_image import draw
from bot.spc.drawing.palette import COMMON as GREY
from bot.spc.drawing.png import rgb_png
from bot.spc.drawing.spec import ChartSpec, SummarySpec
from bot.spc.drawing.table import draw_summary
from bot.spc.drawing.template import reused_figure

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


def _chart(spec: ChartSpec, reuse: bool = False) -> Any:
    """The figure of a chart; `reuse`: drawn on this thread's chart figure (see `template`).
    A series of the `huddlebot spc` contract (no analysed drawing) is drawn in the same design."""
    if spec.drawing is None:
        spec = replace(spec, drawing=result_drawing(spec))
    assert spec.drawing is not None
    fresh = not reuse or not spec.drawing.days  # an empty chart has no date axis
    return draw(spec, spec.drawing, _figure() if fresh else reused_figure(WIDTH, HEIGHT, DPI))
