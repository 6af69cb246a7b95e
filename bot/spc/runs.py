"""Run charts with Anhøj's rules (qicharts2 0.8.1): median, longest run, crossings, per part."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from bot.spc.numbers import crossings_min, longest_run_max, median
from bot.spc.options import Day, RunOptions
from bot.spc.results import RunPart, RunResult
from bot.spc.series import as_floats, in_date_order

Value = float | None


def part_starts(part: Sequence[int], n: int) -> list[int]:
    """Row positions where parts begin: split after each 1-based position inside the series."""
    return sorted({0} | {k for k in part if 0 <= k < n})


def runs_analysis(number: int, start: int, vals: Sequence[Value], centre: float) -> RunPart:
    """Anhøj's runs analysis of one part around `centre` (values on it and gaps are skipped)."""
    present = [] if math.isnan(centre) else [v for v in vals if v is not None]
    sides = [s for s in ((v > centre) - (v < centre) for v in present) if s]
    n_useful = len(sides)
    common = {"number": number, "start": start, "stop": start + len(vals), "n_obs": len(vals)}
    shown = None if math.isnan(centre) else centre
    if not n_useful:
        return RunPart(
            **common, centre=shown, n_useful=0, longest_run=None, longest_run_max=None,
            n_crossings=None, n_crossings_min=None, runs_signal=False,
        )  # fmt: skip
    runs, longest, length = 1, 1, 1
    for a, b in pairwise(sides):
        if a == b:
            length += 1
        else:
            runs += 1
            length = 1
        longest = max(longest, length)
    most, fewest = longest_run_max(n_useful), crossings_min(n_useful)
    crossings = runs - 1
    return RunPart(
        **common, centre=shown, n_useful=n_useful, longest_run=longest, longest_run_max=most,
        n_crossings=crossings, n_crossings_min=fewest,
        runs_signal=longest > most or crossings < fewest,
    )  # fmt: skip


def analyse_run(
    dates: Sequence[Day], values: Sequence[Value], options: RunOptions | None = None
) -> RunResult:
    """The run chart of a series: each part's centre (median, frozen or fixed) and runs signal."""
    options = options or RunOptions()
    days, vals = in_date_order(dates, as_floats(values))
    starts = part_starts(options.part, len(days)) if days else []
    parts: list[RunPart] = []
    part_of_row: list[int] = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(days)
        chunk = vals[start:stop]
        parts.append(runs_analysis(k + 1, start, chunk, _centre(chunk, start, options)))
        part_of_row += [k] * len(chunk)
    return RunResult(options, tuple(days), tuple(vals), tuple(parts), tuple(part_of_row))


def _centre(chunk: Sequence[Value], start: int, options: RunOptions) -> float:
    """The fixed centre if given; else the median of the part, or of its first `freeze` rows."""
    if options.centre is not None:
        return options.centre
    base = chunk
    if options.freeze is not None and not options.part:  # qicharts2 ignores freeze with parts
        base = chunk[: max(options.freeze - start, 0)]
    return median([v for v in base if v is not None])  # type: ignore[misc]
