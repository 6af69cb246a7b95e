"""Run charts with Anhøj's rules (spc-rules §8), each series worked by hand."""

from __future__ import annotations

from spc_series import days

from bot.spc import RunResult, analyse_run, run_options
from bot.spc.numbers import crossings_min


def run(values: list, **options) -> RunResult:  # type: ignore[no-untyped-def, type-arg]
    return analyse_run(days(len(values)), values, run_options(options))


def test_a_steady_rise_has_too_long_a_run_and_too_few_crossings() -> None:
    # median 8.5; 8 below then 8 above: longest 8 > round(log2 16) + 3 = 7; crossings 1 < 4
    p = run(list(range(1, 17))).parts[0]
    assert (p.centre, p.n_useful, p.longest_run, p.longest_run_max) == (8.5, 16, 8, 7)
    assert (p.n_crossings, p.n_crossings_min, p.runs_signal) == (1, 4, True)


def test_values_on_the_median_are_skipped_not_breaking_a_run() -> None:
    # sorted 1,2,3,3,3,4,5 -> median 3; useful 1,2 (below) and 5,4 (above): one run each side
    p = run([1, 3, 2, 3, 5, 3, 4]).parts[0]
    assert (p.centre, p.n_obs, p.n_useful, p.longest_run, p.n_crossings) == (3, 7, 4, 2, 1)
    assert (p.longest_run_max, p.n_crossings_min, p.runs_signal) == (5, 0, False)


def test_missing_values_are_skipped_but_counted_as_observations() -> None:
    p = run([1, None, 2, 5, None, 6]).parts[0]  # median of 1,2,5,6 = 3.5
    assert (p.centre, p.n_obs, p.n_useful, p.longest_run, p.n_crossings) == (3.5, 6, 4, 2, 1)


def test_no_useful_observations_means_no_statistics_and_no_signal() -> None:
    p = run([3, 3, 3]).parts[0]
    assert (p.n_useful, p.longest_run, p.n_crossings_min, p.runs_signal) == (0, None, None, False)
    empty = run([None, None]).parts[0]
    assert empty.centre is None and empty.runs_signal is False


def test_limits_are_not_signals_when_equalled() -> None:
    # fixed centre 0, ten useful points: longest-run limit 6, crossings minimum 2
    six_then_two_two = run([1] * 6 + [-1] * 2 + [1] * 2, centre=0).parts[0]
    assert (six_then_two_two.longest_run, six_then_two_two.n_crossings) == (6, 2)
    assert six_then_two_two.runs_signal is False
    seven = run([1] * 7 + [-1] * 2 + [1], centre=0).parts[0]
    assert seven.runs_signal is True
    one_crossing = run([1] * 5 + [-1] * 5, centre=0).parts[0]
    assert (one_crossing.n_crossings, one_crossing.runs_signal) == (1, True)


def test_crossings_minimum_is_the_binomial_five_percent_quantile() -> None:
    # P(X <= k) for X ~ Bin(n-1, 1/2) first reaches 0.05 at: n=2 -> 0 (P=0.5); n=8: P(0)=1/128,
    # P(<=1)=8/128=0.0625 -> 1; n=10: P(<=1)=10/512=0.02, P(<=2)=46/512=0.09 -> 2
    assert [crossings_min(n) for n in (1, 2, 8, 10)] == [0, 0, 1, 2]


def test_freeze_takes_the_median_from_the_first_rows() -> None:
    # median of 1,2,3,4 = 2.5; then 2 below, 6 above: longest 6 = limit 6; crossings 1 = min 1
    r = run([1, 2, 3, 4, 10, 11, 12, 13], freeze=4)
    p = r.parts[0]
    assert [pt.median for pt in r.points] == [2.5] * 8
    assert (p.longest_run, p.longest_run_max, p.n_crossings, p.n_crossings_min) == (6, 6, 1, 1)
    assert p.runs_signal is False


def test_parts_have_their_own_median_and_freeze_is_ignored() -> None:
    r = run([1, 2, 3, 4, 10, 11, 12, 13], part=[4], freeze=2)
    assert [pt.part for pt in r.points] == [1] * 4 + [2] * 4
    assert [p.centre for p in r.parts] == [2.5, 11.5]
    assert [p.n_obs for p in r.parts] == [4, 4]


def test_a_fixed_centre_replaces_the_median() -> None:
    r = run([1, 2, 3, 4], centre=5)
    assert [pt.median for pt in r.points] == [5] * 4
    assert r.parts[0].longest_run == 4
