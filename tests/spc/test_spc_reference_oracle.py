"""Random series against a literal, window-by-window transcription of the reference algorithm
(NHSRplotthedots 0.2.2's ptd_spc_standard and ptd_special_cause_type), written here without the
engine's shortcuts. Small whole numbers give many ties, runs and values on the mean."""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from spc_series import days

from bot.spc import analyse_json, analyse_xmr, xmr_options


def _mean(xs: list[float]) -> float:
    return float(sum(Fraction(x) for x in xs) / len(xs)) if xs else float("nan")


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def reference_group(y: list[float | None], fix: int | None) -> list[tuple[str | None, str | None]]:
    n = len(y)
    base = y[:fix] if fix else y
    mean = _mean([v for v in base if v is not None])
    mr: list[float | None] = [None] + [
        abs(b - a) if a is not None and b is not None else None for a, b in pairwise(base)
    ]
    amr = _mean([m for m in mr if m is not None])
    amr = _mean([m for m in mr if m is not None and m < 3.267 * amr])
    upl, lpl = mean + 2.66 * amr, mean - 2.66 * amr
    nupl, nlpl = mean + 2 * (2.66 / 3) * amr, mean - 2 * (2.66 / 3) * amr
    defined = amr == amr
    rtm = [None if v is None else _sign(v - mean) for v in y]
    outside = [v is not None and defined and (v > upl or v < lpl) for v in y]
    close = [
        v is not None and defined and not outside[i] and (v < nlpl or v > nupl)
        for i, v in enumerate(y)
    ]
    seven = [0] * n
    trend = [0] * n
    for i in range(6, n):
        window = rtm[i - 6 : i + 1]
        if None not in window and window[-1] != 0 and len(set(window)) == 1:
            seven[i] = 1
        values = y[i - 6 : i + 1]
        if None not in values:
            steps = {_sign(b - a) for a, b in pairwise(values)}  # type: ignore[operator]
            trend[i] = 1 if steps == {1} else -1 if steps == {-1} else 0
    part_seven = [any(seven[j : j + 7]) for j in range(n)]
    part_trend = [any(trend[j : j + 7]) for j in range(n)]

    def qualifies(start: int) -> bool:
        if start < 0 or start + 3 > n:
            return False
        sides = rtm[start : start + 3]
        return (
            None not in sides
            and abs(sum(sides)) == 3  # type: ignore[arg-type]
            and sum(close[start : start + 3]) >= 2
        )

    two = [close[i] and any(qualifies(i - k) for k in range(3)) for i in range(n)]
    out: list[tuple[str | None, str | None]] = []
    for i in range(n):
        if outside[i]:
            out.append(("outside_limits", "high" if rtm[i] == 1 else "low"))
        elif part_trend[i]:
            if i + 1 < n and part_trend[i + 1]:
                step = _sign(y[i + 1] - y[i])  # type: ignore[operator]
            else:
                step = _sign(y[i] - y[i - 1])  # type: ignore[operator]
            out.append(("trend", "high" if step == 1 else "low"))
        elif two[i]:
            out.append(("two_of_three", "high" if rtm[i] > 0 else "low"))  # type: ignore[operator]
        elif part_seven[i]:
            out.append(("shift", "high" if rtm[i] > 0 else "low"))  # type: ignore[operator]
        else:
            out.append((None, None))
    return out


number = st.integers(0, 6).map(float)
value = st.one_of(st.none(), number, number)
series = st.one_of(st.lists(value, max_size=40), st.lists(number, max_size=40))  # gaps or none


@settings(max_examples=300, deadline=None)
@given(
    values=series,
    rebase_at=st.lists(st.integers(0, 39), max_size=2),
    fix=st.one_of(st.none(), st.integers(12, 20)),
)
def test_engine_agrees_with_the_literal_reference(
    values: list[float | None], rebase_at: list[int], fix: int | None
) -> None:
    ds = days(len(values))
    rebase = sorted({ds[i] for i in rebase_at if i < len(values)})
    options = xmr_options({"rebase": [d.isoformat() for d in rebase], "fix_after_n_points": fix})
    result = analyse_xmr(ds, values, options)
    starts = sorted({0} | {ds.index(d) for d in rebase}) if values else []
    expected: list[tuple[str | None, str | None]] = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(values)
        expected += reference_group(values[start:stop], fix)
    assert list(zip(result.rule, result.direction, strict=True)) == expected


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), max_size=30),
    kind=st.sampled_from(["xmr", "run"]),
    variant=st.fixed_dictionaries(
        {},
        optional={
            "improvement_direction": st.sampled_from(["increase", "decrease", "neutral"]),
            "target": st.floats(-10, 10),
            "screen_outliers": st.booleans(),
            "shift_length": st.integers(3, 9),
            "trend_length": st.integers(3, 9),
            "two_of_three_counts_beyond_limits": st.booleans(),
            "conflict_resolution": st.sampled_from(["rule_precedence", "improvement_wins"]),
            "trend_ties": st.sampled_from(["break", "ignore"]),
            "centre_line_points": st.sampled_from(["break_run", "skip"]),
        },
    ),
    run_variant=st.fixed_dictionaries(
        {},
        optional={
            "freeze": st.integers(1, 40),
            "part": st.lists(st.integers(0, 40), max_size=3),
            "centre": st.floats(-5, 5),
        },
    ),
)
def test_any_valid_series_gives_a_result_in_plain_json(values, kind, variant, run_variant) -> None:  # type: ignore[no-untyped-def]
    series = {
        "kind": kind,
        "dates": [d.isoformat() for d in days(len(values))],
        "values": values,
        "options": variant if kind == "xmr" else run_variant,
    }
    result = analyse_json(series)
    text = json.dumps(result, allow_nan=False)
    assert len(json.loads(text)["points"]) == len(values)
