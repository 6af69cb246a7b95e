"""Arithmetic that must agree with R to the last bit: means, medians and the binomial quantile."""

from __future__ import annotations

import math
from functools import lru_cache

NAN = float("nan")


def r_mean(xs: list[float]) -> float:
    """The mean as R computes it (an accurate sum, then one correction pass); NaN when empty."""
    n = len(xs)
    if n == 0:
        return NAN
    try:
        s = math.fsum(xs) / n
    except OverflowError:  # a sum beyond the largest float (R's long double copes)
        s = math.fsum(x / n for x in xs)
    if math.isfinite(s):
        s += math.fsum(map(s.__rsub__, xs)) / n
    return s


def median(xs: list[float]) -> float:
    """The median of the values; NaN when there are none."""
    n = len(xs)
    if n == 0:
        return NAN
    ordered = sorted(xs)
    half = n // 2
    if n % 2:
        return ordered[half]
    middle = (ordered[half - 1] + ordered[half]) / 2
    return middle if math.isfinite(middle) else ordered[half - 1] / 2 + ordered[half] / 2


def longest_run_max(n_useful: int) -> int:
    """Anhøj's upper limit for the longest run: round(log2(n)) + 3 (never a tie at .5)."""
    return round(math.log2(n_useful)) + 3


@lru_cache(maxsize=4096)
def crossings_min(n_useful: int) -> int:
    """qbinom(0.05, n_useful - 1, 0.5), exactly: the smallest k with P(X <= k) >= 0.05."""
    trials = max(n_useful - 1, 0)
    total = 1 << trials  # 2**trials; P(X <= k) >= 1/20  <=>  20 * sum(C(n, i)) >= 2**n
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if 20 * cumulative >= total:
            return k
    return trials
