"""A rebase suggested, never made: a sustained shift after the latest baseline, as a question."""

from __future__ import annotations

from datetime import date

from bot.spc.drawn import Drawn
from bot.spc.words import short_day

HINT_WINDOW = 10  # the last points looked at for a sustained shift after the baseline
HINT_SAME_SIDE = 9  # how many of them on one side of the centre line suggest a rebase


def rebase_hint(chart: str, drawn: Drawn) -> tuple[str | None, date | None]:
    """A sustained shift after the latest baseline, worded as a question for the team lead."""
    band = drawn.bands[-1]
    if band.centre is None:
        return None, None
    rows = [i for i in range(band.baseline_stop, band.stop) if drawn.values[i] is not None]
    last = rows[-HINT_WINDOW:]
    if len(last) < HINT_WINDOW:
        return None, None
    sides = [(drawn.values[i] > band.centre) - (drawn.values[i] < band.centre) for i in last]  # type: ignore[operator]
    side = next((s for s in (1, -1) if sides.count(s) >= HINT_SAME_SIDE), 0)
    if not side:
        return None, None
    every = [(drawn.values[i] > band.centre) - (drawn.values[i] < band.centre) for i in rows]  # type: ignore[operator]
    start, hits = len(every) - HINT_WINDOW, sides.count(side)
    # back to where the shift began: the start that scores best, a point on that side +1 and
    # any other -9 (so every stretch kept has nine in ten on that side)
    on, off = HINT_WINDOW - HINT_SAME_SIDE, HINT_SAME_SIDE
    score = best = sum(on if x == side else -off for x in sides)
    count = hits
    for j in range(start - 1, -1, -1):
        score += on if every[j] == side else -off
        count += every[j] == side
        if score >= best:
            start, hits, best = j, count, score
    while every[start] != side:
        start += 1
    since = drawn.days[rows[start]]
    where = "above" if side == 1 else "below"
    line = "the median line" if chart == "g" else "the mean"
    what = "gaps" if chart in ("t", "g") else "points"
    return (
        f"{hits} of the last {len(every) - start} {what} are {where} {line} since "
        f"{short_day(since)} — rebase?",
        since,
    )
    return None, None
