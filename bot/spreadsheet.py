"""Cells for CSV exports that a spreadsheet opens safely (no formula injection)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

# What a spreadsheet may run as a formula when a cell starts with it, after NFKC (which turns
# the fullwidth ＝＋－＠ and the small and super/subscript forms into these): the minus sign too.
RISKY = ("=", "+", "-", "@", "\t", "\r", "\n", "\u2212")


def _opening(text: str) -> str:
    """The first character that shows, as NFKC makes it (spaces and invisible format
    characters such as zero-width spaces skipped)."""
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        return unicodedata.normalize("NFKC", char)[:1]
    return ""


def formula_risk(text: str) -> bool:
    """Whether a spreadsheet might take `text` as a formula (or a command) when it opens it."""
    return text.startswith(RISKY) or _opening(text) in RISKY


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading `'`; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if formula_risk(text) else text
