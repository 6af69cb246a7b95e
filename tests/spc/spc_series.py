"""Small helpers for hand-checked SPC series: consecutive days and a baseline with known limits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.spc import XmrResult, analyse_xmr, xmr_options

START = date(2027, 1, 1)

# Twelve rows alternating 12, 10: mean 11, every moving range 2, so MR-bar 2.
# UPL = 11 + 2.66*2 = 16.32, LPL = 5.68; 2-sigma lines 11 ± 1.7733*2 = 14.5467 / 7.4533.
BASELINE = [12, 10] * 6
FIXED = {"fix_after_n_points": 12}  # later rows are judged against the baseline's limits


def days(n: int, start: date = START) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def xmr(values: list[Any], **options: Any) -> XmrResult:
    return analyse_xmr(days(len(values)), values, xmr_options(options))


def rules_of(result: XmrResult) -> list[tuple[str | None, str | None]]:
    return list(zip(result.rule, result.direction, strict=True))
