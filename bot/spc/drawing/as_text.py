"""Numbers, days and periods as a chart writes them: one formatting used by the image and by its
alt text, so that both say the same figures the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.spc.words import number

PER = {"day": "daily", "week": "weekly", "month": "monthly", "event": "event by event"}
BETTER = {"increase": "higher is better", "decrease": "lower is better"}
ARROW = {"increase": "▲", "decrease": "▼"}


def number_text(x: float) -> str:
    """A value as a person would write it: 3, 2.75, 1,204.5."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.3g}" if abs(x) < 100 else f"{x:,.1f}"


def value_text(x: float, unit: str = "") -> str:
    """A value with its unit, as the analysis's sentence writes numbers: "95%", "2.1 falls"."""
    if unit == "%":
        return f"{number(x)}%"
    return f"{number(x)} {unit}".rstrip()


def day_text(day: date) -> str:
    """ "1 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def period_text(period: str, first: date, last: date) -> str:
    """ "daily, 1 Dec 2026 – 28 Feb 2027"; one day alone is "daily, 28 Feb 2027"."""
    first, last = _as_date(first), _as_date(last)
    span = day_text(first) if first == last else f"{day_text(first)} – {day_text(last)}"
    return f"{PER.get(period, period)}, {span}"


def better_text(direction: str) -> str:
    """ "lower is better" (empty for a neutral measure)."""
    return BETTER.get(direction, "")


KIND = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neither better nor worse",
    "special_cause_neutral_low": "neither better nor worse",
}


def signal_runs(
    days: Sequence[date], statuses: Sequence[str], kind: str
) -> list[tuple[date, date, int]]:
    """One kind of special-cause point as runs of neighbouring points: (first, last, how many)."""
    out: list[tuple[date, date, int]] = []
    previous = False
    for day, status in zip(days, statuses, strict=True):
        special = KIND.get(status) == kind
        if special and previous:
            first, _, n = out[-1]
            out[-1] = (first, day, n + 1)
        elif special:
            out.append((day, day, 1))
        previous = special
    return out


def signal_text(days: Sequence[date], statuses: Sequence[str]) -> str:
    """ "improvement on 3 Feb 2027 – 9 Feb 2027 (7 points); concern on 20 Feb 2027", or ""."""
    out = []
    for kind in dict.fromkeys(KIND.values()):
        parts = []
        for first, last, n in signal_runs(days, statuses, kind):
            one, other = day_text(_as_date(first)), day_text(_as_date(last))
            parts.append(one if n == 1 else f"{one} – {other} ({n} points)")
        if parts:
            out.append(f"{kind} on {', '.join(parts)}")
    return "; ".join(out)
