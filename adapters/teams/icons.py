"""The app package's two icons, drawn as PNG bytes without any imaging library.

Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on transparent.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

NHS_BLUE = (0, 94, 184, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
Pixel = tuple[int, int, int, int]


def png(width: int, height: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """An RGBA PNG; `pixel(x, y)` gets coordinates scaled to 0..1."""
    rows = b"".join(
        b"\x00"
        + b"".join(bytes(pixel((x + 0.5) / width, (y + 0.5) / height)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _in_bubble(x: float, y: float) -> bool:
    """A speech bubble: an ellipse with a tail at the bottom left."""
    ellipse = ((x - 0.5) / 0.38) ** 2 + ((y - 0.45) / 0.3) ** 2 <= 1
    tail = 0.25 <= x <= 0.42 and 0.65 <= y <= 0.86 and (y - 0.65) <= (0.42 - x) * 1.2
    return ellipse or tail


def _in_bars(x: float, y: float) -> bool:
    """Three rising bars: the run chart the huddle looks at."""
    bars = ((0.33, 0.41, 0.52), (0.46, 0.54, 0.42), (0.59, 0.67, 0.32))
    return any(left <= x <= right and top <= y <= 0.60 for left, right, top in bars)


def colour_icon() -> bytes:
    def pixel(x: float, y: float) -> Pixel:
        if _in_bars(x, y):
            return NHS_BLUE
        return WHITE if _in_bubble(x, y) else NHS_BLUE

    return png(192, 192, pixel)


def outline_icon() -> bytes:
    def pixel(x: float, y: float) -> Pixel:
        return WHITE if _in_bubble(x, y) and not _in_bars(x, y) else CLEAR

    return png(32, 32, pixel)
