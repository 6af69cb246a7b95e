"""Hospital numbers: default patterns on without configuration, plus the trust's own."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

_NUMBER_WORD = r"(?:number|num|no|id)\b\.?"
_KEYWORD = (
    r"(?:\bm\.?\s?r\.?\s?n\b\.?"
    rf"|\bhosp(?:ital)?\.?\s*{_NUMBER_WORD}"
    rf"|\bunit\s*{_NUMBER_WORD}"
    rf"|\bpas\s*{_NUMBER_WORD}"
    rf"|\bcase\s*-?\s*notes?\s*{_NUMBER_WORD}"
    rf"|\bpatient\s*{_NUMBER_WORD})"
)
# After a keyword: an identifier of up to four letters and at least five digits.
_AFTER_KEYWORD = re.compile(
    _KEYWORD + r"[\s:#=\-]*(?:is\s+)?[a-z]{0,4}\s?\d(?:[\s./_\-]?\d){4,11}[a-z]?(?![a-z\d])",
    re.IGNORECASE,
)
# Common local formats on their own: letters then 6-8 digits (RXH1234567); a single letter
# only in capitals (K123456). Not after @ or # (chat mentions of people and channels).
_LOCAL = (
    re.compile(r"(?<![\w@#])[a-z]{2,4}\d{6,8}(?![\w])", re.IGNORECASE),
    re.compile(r"(?<![\w@#])[A-Z]\d{6,8}(?![\w])"),
)


_LETTERS_DIGITS = re.compile(r"[a-zA-Z]\d{6}")  # a quick look before the local formats


def as_patterns(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A trust's `hospital_number_pattern` as a tuple of regexes: from a list, one regex, or the
    value as kept in the trust row (JSON)."""
    if not value:
        return ()
    if isinstance(value, str):
        value = configured(value) or ()
        if isinstance(value, str):
            return (value,)
    return tuple(p for p in value if p)


def has_hospital_number(plain: str, also: Sequence[str] = (), patterns: Sequence[str] = ()) -> bool:
    """A default pattern in the normalised text, or a trust pattern in it or in `also` (the text
    as typed, and with the separators between digits removed)."""
    if _AFTER_KEYWORD.search(plain):
        return True
    if _LETTERS_DIGITS.search(plain) and any(p.search(plain) for p in _LOCAL):
        return True
    for pattern in patterns:
        try:
            if any(re.search(pattern, text) for text in (plain, *also)):
                return True
        except re.error:
            continue  # checked when the configuration is applied; never fatal here
    return False


def stored(value: str | Sequence[str] | None) -> str | None:
    """The configured value as kept in the trust row: JSON, so a list or a string comes back
    exactly as it was given."""
    if not value:
        return None
    return json.dumps(value if isinstance(value, str) else list(value))


def configured(text: str | None) -> str | list[str] | None:
    """The trust row's value as it was configured (a plain old value is one pattern)."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(p, str) for p in value)
    ):
        return value
    return text
