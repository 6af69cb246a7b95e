"""For count measures where lower is better (falls, pressure ulcers): days since the last one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.spc.options import Day
from bot.spc.series import in_date_order


def days_since_last(
    dates: Sequence[Day], values: Sequence[float | None], today: date | None = None
) -> int | None:
    """Whole days from the last date with a count above zero to `today` (default: the latest
    date in the series); None when the series has no such date."""
    days, vals = in_date_order(dates, values)
    last = next((d for d, v in zip(reversed(days), reversed(vals), strict=True) if v), None)
    if last is None:
        return None
    until = today or days[-1]
    return (_day(until) - _day(last)).days


def _day(d: Day) -> date:
    return d.date() if isinstance(d, datetime) else d
