"""Days of the week as teams write them: `mon-fri`, `mon-sun`, `mon,wed,fri`, `sat-sun`."""

from __future__ import annotations

from functools import lru_cache

NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALIASES = {"weekdays": "mon-fri", "daily": "mon-sun", "every day": "mon-sun", "weekends": "sat-sun"}


def weekday(name: str) -> int:
    """`monday`/`Mon`/`mon` -> 0."""
    short = name.strip().lower()[:3]
    if short not in NAMES:
        raise ValueError(f"not a day of the week: {name!r}")
    return NAMES.index(short)


@lru_cache(maxsize=512)
def parse_days(text: str) -> frozenset[int]:
    """The set of weekdays (Monday 0) named by `text`; ranges may wrap (`fri-mon`)."""
    text = ALIASES.get(text.strip().lower(), text)
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            first, last = (weekday(p) for p in part.split("-", 1))
            span = (last - first) % 7
            days.update((first + i) % 7 for i in range(span + 1))
        else:
            days.add(weekday(part))
    if not days:
        raise ValueError(f"no days in {text!r}")
    return frozenset(days)
