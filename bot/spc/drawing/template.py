"""One chart figure per render worker (per thread), emptied between charts: building a Figure
and its Axes, with their ticks, spines and labels, costs a render worker as much as drawing the
points does. Emptying puts back exactly what a new figure would have, so a chart drawn here
looks the same as one drawn on a new figure (a test compares their pixels)."""

from __future__ import annotations

import threading
from typing import Any

_local = threading.local()


def _new(width: float, height: float, dpi: int) -> Any:
    from matplotlib.figure import Figure

    from bot.spc.drawing.glyphs import GlyphCanvas

    figure = Figure(figsize=(width, height), dpi=dpi)
    GlyphCanvas(figure)
    figure.add_subplot()
    return figure


def reused_figure(width: float, height: float, dpi: int) -> Any:
    """This thread's chart figure, holding one empty Axes with dates on its x axis."""
    key = (width, height, dpi)
    figure = _local.__dict__.get("figure")
    if figure is None or _local.__dict__.get("key") != key:
        figure = _local.figure = _new(width, height, dpi)
        _local.key = key
        return figure
    _empty(figure)
    return figure


def _empty(figure: Any) -> None:
    """Remove what the last chart added, and undo what it set on the axes."""
    from matplotlib.transforms import Bbox

    for artist in [*figure.texts, *figure.artists, *figure.lines, *figure.patches]:
        artist.remove()
    ax = figure.axes[0]
    for artist in [*ax.lines, *ax.texts, *ax.patches, *ax.collections, *ax.images]:
        artist.remove()
    ax.dataLim.set_points(Bbox.null().get_points())
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)
    ax.set_ylabel("")
