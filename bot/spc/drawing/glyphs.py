"""Text drawn from cached glyphs: a chart's words are most of its drawing time, and the same
letters come back in every chart a render worker draws.

matplotlib's Agg renderer shapes each string and rasterises every glyph afresh. The renderer
here keeps, per process and thread, each string's shaped glyphs and each glyph's bitmap (placed
to a quarter of a pixel, which the eye cannot tell apart), and one renderer per canvas size, so
matplotlib's own text-metrics cache keeps working from one chart to the next.
"""

from __future__ import annotations

import math
import threading
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode

STEPS = 4  # glyph positions per pixel
MOST_STRINGS = 4000  # shaped strings kept per thread (a chart has about forty)
MOST_GLYPHS = 20000  # glyph bitmaps kept per thread
MOST_SIZES = 4  # renderers (one image buffer each) kept per thread

_local = threading.local()


class GlyphRenderer(RendererAgg):  # type: ignore[misc]
    """Agg, with horizontal plain text drawn from cached glyph bitmaps."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._shaped: dict[tuple[Any, ...], list[tuple[Any, int, float, float]]] = {}
        self._bitmaps: dict[tuple[Any, ...], tuple[Any, int, int]] = {}
        self._sizes: dict[tuple[Any, ...], tuple[float, float, float]] = {}
        self._heights: dict[int, tuple[float, float, float] | tuple[None, None, None]] = {}

    def get_text_width_height_descent(
        self, s: str, prop: Any, ismath: bool | str
    ) -> tuple[float, float, float]:
        """A string's size, measured once (the legend and the labels measure the same words)."""
        key = (s, hash(prop), ismath)
        found = self._sizes.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)
            if len(self._sizes) >= MOST_STRINGS:
                self._sizes.clear()
            self._sizes[key] = found
        return found

    def _get_font_height_metrics(self, prop: Any) -> tuple[Any, Any, Any]:
        """A font's ascent, descent and line gap in pixels, as `Text` works them out, kept per
        font (matplotlib looks the font up again for every text it lays out)."""
        key = hash(prop)
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = _height_metrics(prop, self.dpi)
        return found

    def draw_text(  # type: ignore[override]
        self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
        ismath: bool | str = False, mtext: Any = None,
    ) -> None:  # fmt: skip
        if ismath or angle or (mtext is not None and mtext.get_fontfeatures()):
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        size = prop.get_size_in_points()
        key = (s, hash(prop))
        glyphs = self._shaped.get(key)
        if glyphs is None:
            font = self._prepare_font(prop)
            items = font._layout(s, flags=get_hinting_flag())
            glyphs = [(i.ft_object, i.glyph_index, i.x, i.y) for i in items]
            if len(self._shaped) >= MOST_STRINGS:
                self._shaped.clear()
            self._shaped[key] = glyphs
        smooth = bool(gc.get_antialiased())
        draw = self._renderer.draw_text_image
        height = int(self.height)
        for font, index, dx, dy in glyphs:
            gx = round((x + dx) * STEPS) / STEPS  # FreeType's y runs upwards
            gy = round((self.height - y + dy) * STEPS) / STEPS
            left, top = math.floor(gx), math.floor(gy)
            mark = (id(font), size, index, gx - left, gy - top, smooth)
            found = self._bitmaps.get(mark)
            if found is None:
                found = self._rasterise(font, size, index, gx, gy, smooth)
                found = (found[0], found[1] - left, found[2] - top)
                if len(self._bitmaps) >= MOST_GLYPHS:
                    self._bitmaps.clear()
                self._bitmaps[mark] = found
            buffer, dleft, dtop = found
            draw(buffer, left + dleft, height - (top + dtop) + buffer.shape[0], 0, gc)

    def _rasterise(
        self, font: Any, size: float, index: int, gx: float, gy: float, smooth: bool
    ) -> tuple[Any, int, int]:
        font.set_size(size, self.dpi)
        font._set_transform([[0x10000, 0], [0, 0x10000]], [round(0x40 * gx), round(0x40 * gy)])
        flags = get_hinting_flag()
        bitmap = font._render_glyph(index, flags, RenderMode.NORMAL if smooth else RenderMode.MONO)
        buffer = bitmap.buffer.copy()
        if not smooth:
            buffer *= 0xFF
        return buffer, bitmap.left, bitmap.top


def _height_metrics(prop: Any, dpi: float) -> tuple[Any, Any, Any]:
    """matplotlib.text.Text._get_layout's own reading of the font tables."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    sfnt_table: Any = font.get_sfnt_table  # typed for literal table names only
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = sfnt_table(table_name)
        if table is None:
            continue
        scale = prop.get_size_in_points() * dpi / 72 / sfnt_table("head")["unitsPerEm"]
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


class GlyphCanvas(FigureCanvasAgg):  # type: ignore[misc]
    """An Agg canvas whose renderer (and its caches) is shared by every canvas of the same
    size drawn in this thread."""

    def get_renderer(self) -> GlyphRenderer:
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        kept: dict[tuple[Any, ...], GlyphRenderer] = _local.__dict__.setdefault("renderers", {})
        renderer = kept.get(key)
        if renderer is None:
            if len(kept) >= MOST_SIZES:  # summary images come in many heights
                kept.pop(next(iter(kept)))
            renderer = kept[key] = GlyphRenderer(w, h, self.figure.dpi)
        self.renderer = renderer
        self._lastKey = key
        return renderer
