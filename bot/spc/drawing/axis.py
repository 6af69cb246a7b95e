"""The date axis of a measure's chart: "1 Dec 2026", "15 Dec", "1 Jan 2027", … (the year once,
and again where it changes), months for monthly charts; never "Dec · 2027 · Feb"."""

from __future__ import annotations

import math
from typing import Any


def _formatter(period: str) -> Any:
    from matplotlib.dates import num2date
    from matplotlib.ticker import Formatter

    class DayTicks(Formatter):  # type: ignore[misc]
        """Day and month on every tick; the year on the first and where it changes."""

        def format_ticks(self, values: Any) -> list[str]:
            out, year = [], None
            for value in values:
                day = num2date(value)
                words = f"{day:%b}" if period == "month" else f"{day.day} {day:%b}"
                if day.year != year:
                    words += f" {day.year}"
                    year = day.year
                out.append(words)
            return out

        def __call__(self, x: float, pos: int | None = None) -> str:
            day = num2date(x)
            return f"{day.day} {day:%b %Y}"

    return DayTicks()


def date_axis(ax: Any, period: str, anchor: Any) -> None:
    """Three to six date ticks, written as a person would; on a short axis, evenly spaced days
    from the first point (`anchor`)."""
    from matplotlib.dates import AutoDateLocator, date2num
    from matplotlib.ticker import FixedLocator

    low, high = ax.get_xlim()
    if high - low <= 62:
        step = max(1, round((high - low) / 5))
        step = 7 * max(1, round(step / 7)) if step > 5 else step
        start = date2num(anchor)
        first = start - step * math.floor((start - low) / step)
        locator: Any = FixedLocator(
            [first + step * i for i in range(int((high - first) // step) + 1)]
        )
    else:
        locator = AutoDateLocator(minticks=3, maxticks=6, interval_multiples=True)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_formatter(period))
