"""Many series at once (analysis and output text) give exactly the answers of one at a time."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spc_series import days

from bot.spc import SpcInputError, XmrOptions, analyse_run, analyse_xmr, to_json
from bot.spc.json_contract import DatesMemo, analyse, series_from_json
from bot.spc.json_text import body_text, results_text
from bot.spc.xmr_batch import analyse_xmr_many

number = st.integers(0, 6).map(float)  # small whole numbers: ties, runs, values on the mean
decimal = st.floats(0, 100).map(lambda v: round(v, 1))
value = st.one_of(st.none(), number, number, decimal)
options = st.builds(
    XmrOptions,
    improvement_direction=st.sampled_from(["increase", "decrease", "neutral"]),
    target=st.one_of(st.none(), st.floats(-5, 10)),
    fix_after_n_points=st.one_of(st.none(), st.integers(12, 20)),
    screen_outliers=st.booleans(),
    shift_length=st.integers(3, 8),
    trend_length=st.integers(3, 8),
    two_of_three_counts_beyond_limits=st.booleans(),
    conflict_resolution=st.sampled_from(["rule_precedence", "rule_precedence", "improvement_wins"]),
)


@settings(max_examples=150, deadline=None)
@given(
    batch=st.lists(st.lists(value, min_size=0, max_size=40), min_size=1, max_size=12),
    chosen=options,
    same_dates=st.booleans(),
)
def test_batch_matches_one_at_a_time(
    batch: list[list[float | None]], chosen: XmrOptions, same_dates: bool
) -> None:
    shared = days(max(len(v) for v in batch))  # one list object for series of its length
    work = [
        (shared if same_dates and len(v) == len(shared) else days(len(v)), v, chosen) for v in batch
    ]
    assert analyse_xmr_many(work) == [analyse_xmr(d, v, o) for d, v, o in work]


def test_one_dates_list_for_many_series_and_unsorted_dates() -> None:
    ds = days(30)
    series = [[float((i * k) % 7) for i in range(30)] for k in range(1, 6)]
    backwards = list(reversed(ds))
    work = [(ds, v, XmrOptions()) for v in series] + [(backwards, series[0], XmrOptions())]
    results = analyse_xmr_many(work)
    assert results == [analyse_xmr(d, v, o) for d, v, o in work]
    assert results[-1].values == tuple(reversed(series[0]))


def test_a_bad_series_raises_as_alone() -> None:
    with pytest.raises(SpcInputError):
        analyse_xmr_many(
            [(days(3), [1, 2, 3], XmrOptions()), ([days(1)[0]] * 2, [1, 2], XmrOptions())]
        )


@settings(max_examples=100, deadline=None)
@given(
    batch=st.lists(st.lists(value, min_size=1, max_size=30), min_size=1, max_size=6),
    chosen=options,
    rebase=st.booleans(),
)
def test_the_output_text_is_exactly_the_json_of_the_results(
    batch: list[list[float | None]], chosen: XmrOptions, rebase: bool
) -> None:
    if rebase:
        chosen = replace(chosen, rebase=(days(40)[5], days(40)[12]))
    results = [analyse_xmr(days(len(v)), v, chosen) for v in batch]
    results += [analyse_run(days(len(v)), v) for v in batch[:1]]
    expected = json.dumps([to_json(r) for r in results], allow_nan=False)
    assert results_text(results, many=True) == expected
    assert results_text(results[:1], many=False) == json.dumps(to_json(results[0]))


@settings(max_examples=100, deadline=None)
@given(
    batch=st.lists(st.lists(value, min_size=0, max_size=30), min_size=1, max_size=8),
    chosen=options,
    kinds=st.lists(st.sampled_from(["xmr", "xmr", "run", "auto"]), min_size=8, max_size=8),
)
def test_the_command_text_straight_from_the_codes_is_the_json_of_the_results(
    batch: list[list[float | None]], chosen: XmrOptions, kinds: list[str]
) -> None:
    shared = days(30)
    objects = []
    for v, kind in zip(batch, kinds, strict=False):
        obj: dict = {"kind": kind, "dates": [d.isoformat() for d in shared[: len(v)]], "values": v}
        if kind == "xmr":
            obj["options"] = {
                "improvement_direction": chosen.improvement_direction, "target": chosen.target,
                "fix_after_n_points": chosen.fix_after_n_points,
                "screen_outliers": chosen.screen_outliers, "shift_length": chosen.shift_length,
                "trend_length": chosen.trend_length,
                "conflict_resolution": chosen.conflict_resolution,
            }  # fmt: skip
        objects.append(obj)
    memo = DatesMemo()
    checked = [series_from_json(o, memo) for o in objects]
    expected = ", ".join(json.dumps(to_json(analyse(s)), allow_nan=False) for s in checked)
    assert body_text(checked) == expected


def test_minus_zero_is_written_as_json_writes_it() -> None:
    results = [analyse_xmr(days(3), [0.0, -0.0, 1.0]), analyse_xmr(days(3), [-0.0, 0.0, 2.0])]
    assert results_text(results, many=True) == json.dumps([to_json(r) for r in results])
