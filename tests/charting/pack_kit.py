"""Reading a board pack back: its matrix rows, its images and its links, with the standard
library's HTML parser (no knowledge of how the pack is written)."""

from __future__ import annotations

import base64
import csv
import io
from html.parser import HTMLParser

from PIL import Image


class PackReader(HTMLParser):
    """The rows of the first `<table class="matrix">`, every <img> and every outside reference."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.images: list[dict[str, str]] = []
        self.outside: list[str] = []
        self.scoped_headers = 0
        self.captions = 0
        self._in_matrix = False
        self._matrices = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("src", "href"):
            if key in a and not a[key].startswith(("data:", "#")):
                self.outside.append(a[key])
        if tag == "img":
            self.images.append(a)
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" in a:
            self.scoped_headers += 1
        if tag == "table" and "matrix" in a.get("class", "").split():
            self._matrices += 1
            self._in_matrix = self._matrices == 1
        if self._in_matrix and tag == "tr":
            self.rows.append([])
        if self._in_matrix and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._in_matrix and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._in_matrix = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read_pack(html: str) -> PackReader:
    reader = PackReader()
    reader.feed(html)
    return reader


def matrix_keys(html: str) -> list[tuple[str, str, str]]:
    """(division, team, measure) of every body row of the matrix, in order."""
    rows = read_pack(html).rows
    return [(r[0], r[1], r[2]) for r in rows[1:]]


def csv_keys(text: str) -> list[tuple[str, str, str]]:
    return [(r["division"], r["team"], r["measure"]) for r in csv.DictReader(io.StringIO(text))]


def decoded_images(html: str) -> list[Image.Image]:
    """Every <img>, decoded from its data URI (fails if one is not a whole PNG)."""
    out = []
    for img in read_pack(html).images:
        head, _, data = img["src"].partition(",")
        assert head == "data:image/png;base64", head[:40]
        picture = Image.open(io.BytesIO(base64.b64decode(data)))
        picture.load()
        out.append(picture)
    return out
