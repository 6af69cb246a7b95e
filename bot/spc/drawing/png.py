"""A chart's pixels as a PNG, written directly: no row filter and fast zlib compression.

Chart images are mostly flat white with a few lines and words, which deflate well unfiltered;
this is about twice as fast as Pillow's adaptive filtering and smaller, and the pixels are
exactly the same."""

from __future__ import annotations

import struct
import zlib
from typing import Any

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 3  # zlib: levels above this cost time and save little on charts


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def rgb_png(rgba: Any) -> bytes:
    """An 8-bit RGB PNG of an (height, width, 4) uint8 array; the alpha channel is dropped
    (a chart's background is opaque white)."""
    import numpy as np

    height, width = rgba.shape[:2]
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None on every row
    rows[:, 1:] = np.asarray(rgba)[:, :, :3].reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(rows.tobytes(), LEVEL)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
