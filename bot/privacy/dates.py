"""Dates of birth: any date after a birth keyword, and any full date 16 or more years ago."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

ADULT_YEARS = 16
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
_YEAR4 = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)?"
_F = re.IGNORECASE

_NUMERIC = (
    re.compile(rf"(?<![\d.])(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*({_YEAR4})(?!\d)", _F),
    re.compile(r"(?<![\d./\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{2})(?![\d]|[/.\-]\d)", _F),
)
_ISO = re.compile(rf"(?<!\d)({_YEAR4})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})(?!\d)", _F)
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_ORD}[\s\-/.,]*(?:of\s+)?(?=[adfjmnos])({_MONTH})[\s\-/.,]*({_YEAR4}|'\d{{2}})(?!\d)",
    _F,
)
_MONTH_DAY = re.compile(
    rf"\b(?=[adfjmnos])({_MONTH})\s*(\d{{1,2}}){_ORD}[\s,]+({_YEAR4})(?!\d)", _F
)

_KEYWORD = re.compile(
    r"(?=[bd])(?:\bd\.?\s*o\.?\s*b(?![a-z])\.?|\bdate\s+of\s+birth\b|\bbirth\s*-?\s*date\b|\bborn\b)"
    r"[\s:;,.=#\-()\[\]'\"]*(?:(?:is|was|on|the|of)\b[\s:;,.=#\-]*){0,3}"
    rf"(?=\d{{1,2}}{_ORD}\s*(?:of\s+)?{_MONTH}|\d{{1,4}}\s*[/.\-]\s*\d|\d{{6,8}}(?!\d)"
    rf"|{_YEAR4}(?!\d)|{_MONTH}\s*\d)",
    _F,
)


def _full_year(two_digits: int, today: date) -> int:
    """A two-digit year: this century unless that is more than ten years ahead."""
    year = 2000 + two_digits
    return year if year <= today.year + 10 else year - 100


def _plausible(a: int, b: int) -> bool:
    """Day and month in either order (12/03 or 03/12)."""
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def full_dates(text: str, today: date) -> Iterator[int]:
    """The year of every full date written in `text`."""
    first, short = _NUMERIC
    for m in first.finditer(text):
        if _plausible(int(m[1]), int(m[2])):
            yield int(m[3])
    for m in short.finditer(text):
        if _plausible(int(m[1]), int(m[3])):
            yield _full_year(int(m[4]), today)
    for m in _ISO.finditer(text):
        if 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31:
            yield int(m[1])
    for m in _DAY_MONTH.finditer(text):
        if 1 <= int(m[1]) <= 31:
            year = m[3].lstrip("'")
            yield int(year) if len(year) == 4 else _full_year(int(year), today)
    for m in _MONTH_DAY.finditer(text):
        if 1 <= int(m[2]) <= 31:
            yield int(m[3])


def has_date_of_birth(text: str, today: date) -> bool:
    """A date after a birth keyword, or a full date at least 16 years before `today`."""
    if _KEYWORD.search(text):
        return True
    return any(today.year - year >= ADULT_YEARS for year in full_dates(text, today))
