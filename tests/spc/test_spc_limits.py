"""Mean, moving ranges, screening and limits (spc-rules §2, §3), each on a hand-worked series."""

from __future__ import annotations

import pytest
from spc_series import days, xmr

from bot.spc import SpcInputError, analyse_xmr, xmr_options


def test_mean_and_limits_from_the_average_moving_range() -> None:
    # mean = 60/5 = 12; moving ranges 2,1,2,1 -> MR-bar 1.5; limits 12 ± 2.66*1.5 = 8.01 / 15.99
    r = xmr([10, 12, 11, 13, 14])
    g = r.groups[0]
    assert g.mean == pytest.approx(12)
    assert g.upl == pytest.approx(15.99)
    assert g.lpl == pytest.approx(8.01)
    assert g.upper_2sigma == pytest.approx(12 + 2 * 2.66 / 3 * 1.5)


def test_rows_are_sorted_by_date_before_anything_is_computed() -> None:
    # the same five values given newest first give the same moving ranges and limits
    ds = days(5)
    r = analyse_xmr(list(reversed(ds)), [14, 13, 11, 12, 10])
    assert r.values == (10, 12, 11, 13, 14)
    assert r.groups[0].upl == pytest.approx(15.99)


def test_screening_drops_large_moving_ranges_once() -> None:
    # MRs: eight 1s, 10, 40 -> MR-bar 58/10 = 5.8; cut-off 3.267*5.8 = 18.9 drops only the 40;
    # MR-bar becomes 18/9 = 2 (a second pass would also drop the 10, but there is none).
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 20, 60]
    r = xmr(values)
    mean = 174 / 11
    assert r.groups[0].mean == pytest.approx(mean)
    assert r.groups[0].upl == pytest.approx(mean + 2.66 * 2)
    # without screening: MR-bar 5.8
    assert xmr(values, screen_outliers=False).groups[0].upl == pytest.approx(mean + 2.66 * 5.8)


def test_a_gap_is_not_bridged_by_a_moving_range() -> None:
    # MRs: |12-10| = 2 and |32-30| = 2; 12 -> 30 spans the gap and is not used. mean 84/4 = 21
    r = xmr([10, 12, None, 30, 32])
    assert r.groups[0].mean == pytest.approx(21)
    assert r.groups[0].upl == pytest.approx(21 + 2.66 * 2)


def test_fixed_baseline_counts_rows_including_missing_ones() -> None:
    # first 12 rows: values 10,12,… ,12,11 and a missing 12th row -> mean 121/11 = 11;
    # MRs: nine 2s and |12-11| = 1 -> MR-bar 1.9. Row 13 (100) is after the baseline.
    values = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 11, None, 100, 100]
    r = xmr(values, fix_after_n_points=12)
    assert r.groups[0].mean == pytest.approx(11)
    assert r.groups[0].upl == pytest.approx(11 + 2.66 * 1.9)
    assert r.outside_limits[12] is True


def test_a_baseline_shorter_than_twelve_is_refused() -> None:
    with pytest.raises(SpcInputError):
        xmr_options({"fix_after_n_points": 11})


def test_one_value_has_a_mean_but_no_limits() -> None:
    r = xmr([7])
    assert r.groups[0].mean == 7
    assert r.groups[0].upl is None and r.groups[0].lpl is None
    assert r.point_type == ("common_cause",)


def test_identical_values_have_no_limits_when_screened_and_flat_limits_when_not() -> None:
    # every MR is 0; none is < 3.267*0, so screening drops them all
    screened = xmr([5] * 6)
    assert screened.groups[0].upl is None
    flat = xmr([5] * 6, screen_outliers=False)
    assert flat.groups[0].upl == 5 and flat.groups[0].lpl == 5
    assert not any(flat.outside_limits)  # on the limit is inside


def test_screening_can_collapse_limits_on_sparse_counts() -> None:
    # 20 days, two isolated 1s: MRs four 1s of 19 -> MR-bar 4/19 = 0.21; cut-off 0.69 drops
    # every 1, MR-bar 0, so LPL = UPL = mean = 0.1 and every value is outside
    values = [0] * 20
    values[5] = values[14] = 1
    r = xmr(values)
    assert r.groups[0].upl == pytest.approx(0.1) and r.groups[0].lpl == pytest.approx(0.1)
    assert all(r.outside_limits)
    assert r.rule[5] == "outside_limits" and r.direction[5] == "high"
    assert r.direction[0] == "low"


def test_negative_lower_limit_is_kept() -> None:
    # mean 3, MR-bar 4 -> LPL 3 - 10.64 = -7.64
    assert xmr([1, 5, 1, 5]).groups[0].lpl == pytest.approx(-7.64)


def test_rebase_dates_start_new_groups_computed_separately() -> None:
    # rows 1-4: 10,12,10,12 (mean 11, MR 2); rows 5-8: 20,21,20,21 (mean 20.5, MR 1)
    ds = days(8)
    r = analyse_xmr(ds, [10, 12, 10, 12, 20, 21, 20, 21], xmr_options({"rebase": [ds[4]]}))
    assert [p.rebase_group for p in r.points] == [0] * 4 + [1] * 4
    assert r.groups[1].mean == pytest.approx(20.5)
    assert r.groups[1].upl == pytest.approx(20.5 + 2.66)  # the 12 -> 20 jump is not a MR
    assert r.groups[0].upl == pytest.approx(11 + 2.66 * 2)


def test_group_numbers_start_at_one_when_the_first_date_is_a_rebase() -> None:
    ds = days(4)
    r = analyse_xmr(ds, [1, 2, 3, 4], xmr_options({"rebase": [ds[0], "2030-01-01"]}))
    assert [p.rebase_group for p in r.points] == [1, 1, 1, 1]
    assert any("2030-01-01" in w for w in r.warnings)  # the unmatched date is ignored


def test_duplicate_dates_and_mismatched_lengths_are_refused() -> None:
    with pytest.raises(SpcInputError):
        analyse_xmr([days(1)[0]] * 2, [1, 2])
    with pytest.raises(SpcInputError):
        analyse_xmr(days(2), [1])
