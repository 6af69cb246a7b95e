"""The Making Data Count variants behind options (spc-rules §9); defaults are tested elsewhere."""

from __future__ import annotations

from spc_series import BASELINE, FIXED, rules_of, xmr

COMMON = (None, None)


def test_shift_of_six() -> None:
    assert (
        rules_of(xmr(BASELINE + [12] * 6, shift_length=6, **FIXED))[12:] == [("shift", "high")] * 6
    )


def test_trend_of_six() -> None:
    r = xmr(BASELINE + [8, 9, 10, 11, 12, 13], trend_length=6, **FIXED)
    assert rules_of(r)[12:] == [("trend", "high")] * 6


def test_two_of_three_counting_points_beyond_the_limits() -> None:
    # 17 (outside) and 15 (beyond 2 sigma) now make the window qualify; 17 stays "outside"
    r = xmr(BASELINE + [17, 15, 11.5], two_of_three_counts_beyond_limits=True, **FIXED)
    assert rules_of(r)[12:] == [("outside_limits", "high"), ("two_of_three", "high"), COMMON]


def test_improvement_wins_a_conflict() -> None:
    # falling but above the mean: rows 13-15 are also 2 of 3 high, rows 16-19 a shift high
    r = xmr(
        BASELINE + [16, 15.5, 15, 14, 13, 12.5, 12],
        conflict_resolution="improvement_wins",
        **FIXED,
    )
    assert rules_of(r)[12:] == [("two_of_three", "high")] * 3 + [("shift", "high")] * 4
    assert set(r.point_type[12:]) == {"special_cause_improvement"}


def test_repeated_values_neither_add_to_nor_break_a_trend() -> None:
    # 8,9,10,10,11,12,13,14: seven distinct rising values, the repeat inside is flagged too
    r = xmr(BASELINE + [8, 9, 10, 10, 11, 12, 13, 14], trend_ties="ignore", **FIXED)
    assert rules_of(r)[12:] == [("trend", "high")] * 8


def test_points_on_the_centre_line_can_be_skipped() -> None:
    r = xmr(BASELINE + [12, 12, 12, 11, 12, 12, 12, 12], centre_line_points="skip", **FIXED)
    assert rules_of(r)[12:] == [("shift", "high")] * 3 + [COMMON] + [("shift", "high")] * 4
