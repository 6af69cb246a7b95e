"""The four special-cause rules and their precedence (spc-rules §4).

Most series start with BASELINE (12, 10 repeated; mean 11, MR-bar 2) and fix the limits on it,
so later rows are judged against UPL 16.32, LPL 5.68 and 2-sigma lines 14.55 / 7.45.
"""

from __future__ import annotations

from spc_series import BASELINE, FIXED, days, rules_of, xmr

from bot.spc import analyse_xmr, xmr_options

COMMON = (None, None)


def test_outside_the_limits_is_strict() -> None:
    above = xmr(BASELINE + [17], **FIXED)
    assert rules_of(above)[-1] == ("outside_limits", "high")
    assert above.point_type[-1] == "special_cause_improvement"
    below = xmr(BASELINE + [5], **FIXED)
    assert rules_of(below)[-1] == ("outside_limits", "low")
    assert below.point_type[-1] == "special_cause_concern"
    on_limit = xmr(BASELINE + [11 + 2.66 * 2], **FIXED)  # exactly the UPL
    assert on_limit.outside_limits[-1] is False
    assert on_limit.close_to_limits[-1] is True
    assert rules_of(on_limit)[-1] == COMMON


def test_seven_rising_points_are_a_trend_even_across_the_mean() -> None:
    r = xmr(BASELINE + [8, 9, 10, 11, 12, 13, 14], **FIXED)
    assert rules_of(r)[:12] == [COMMON] * 12
    assert rules_of(r)[12:] == [("trend", "high")] * 7
    assert set(r.point_type[12:]) == {"special_cause_improvement"}


def test_ten_rising_points_flag_all_ten() -> None:
    rise = [7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12]
    r = xmr(BASELINE + rise, **FIXED)
    assert rules_of(r)[12:] == [("trend", "high")] * 10


def test_six_rising_points_are_not_a_trend() -> None:
    r = xmr(BASELINE + [8, 9, 10, 11, 12, 13], **FIXED)
    assert rules_of(r)[12:] == [COMMON] * 6


def test_a_repeated_value_breaks_a_trend() -> None:
    # steps +,+,0,+,+,+,+: the longest strict rise is 10,11,12,13,14 (five points)
    r = xmr(BASELINE + [8, 9, 10, 10, 11, 12, 13, 14], **FIXED)
    assert rules_of(r)[12:] == [COMMON] * 8


def test_a_shared_peak_is_labelled_decreasing() -> None:
    # rise 8..14 (rows 13-19) then fall 14..8 (rows 19-25); the peak takes the step to its right
    r = xmr(BASELINE + [8, 9, 10, 11, 12, 13, 14, 13, 12, 11, 10, 9, 8], **FIXED)
    assert rules_of(r)[12:18] == [("trend", "high")] * 6
    assert rules_of(r)[18:] == [("trend", "low")] * 7


def test_a_tie_to_the_right_reads_as_decreasing() -> None:
    # rise 8..14 (rows 13-19), a repeated 14, fall 14..8 (rows 20-26): row 19's right step is a
    # tie, and the reference labels it decreasing, so it is a concern for "increase"
    r = xmr(BASELINE + [8, 9, 10, 11, 12, 13, 14, 14, 13, 12, 11, 10, 9, 8], **FIXED)
    assert rules_of(r)[12:18] == [("trend", "high")] * 6
    assert rules_of(r)[18] == ("trend", "low")
    assert r.point_type[18] == "special_cause_concern"
    assert rules_of(r)[19:] == [("trend", "low")] * 7


def test_a_trend_window_with_a_missing_value_never_fires() -> None:
    # the reference raises an error here; we treat the window as no trend
    r = xmr(BASELINE + [8, 9, 10, None, 12, 13, 14, 14.5], **FIXED)
    assert rules_of(r)[12:] == [COMMON] * 8


def test_two_of_three_beyond_two_sigma_flags_only_those_points() -> None:
    # 15 and 15 are between the 2-sigma line (14.55) and the UPL; 11.5 is above the mean only
    r = xmr(BASELINE + [15, 11.5, 15], **FIXED)
    assert rules_of(r)[12:] == [("two_of_three", "high"), COMMON, ("two_of_three", "high")]


def test_two_of_three_needs_one_side_of_the_mean() -> None:
    assert rules_of(xmr(BASELINE + [15, 11, 15], **FIXED))[12:] == [COMMON] * 3  # 11 on mean
    low = xmr(BASELINE + [7, 10, 7], **FIXED)  # 7 < 7.45, both below
    assert rules_of(low)[12:] == [("two_of_three", "low"), COMMON, ("two_of_three", "low")]


def test_points_outside_the_limits_do_not_count_for_two_of_three() -> None:
    # 17 is outside; with only 15 beyond 2 sigma the window has one such point
    r = xmr(BASELINE + [17, 15, 11.5], **FIXED)
    assert rules_of(r)[12:] == [("outside_limits", "high"), COMMON, COMMON]


def test_seven_points_on_one_side_are_a_shift() -> None:
    r = xmr(BASELINE + [12] * 7, **FIXED)
    assert rules_of(r)[11] == COMMON  # the baseline's last 10 is below
    assert rules_of(r)[12:] == [("shift", "high")] * 7
    assert rules_of(xmr(BASELINE + [12] * 6, **FIXED))[12:] == [COMMON] * 6


def test_a_point_on_the_mean_or_missing_breaks_a_shift() -> None:
    on_mean = xmr(BASELINE + [12, 12, 12, 11, 12, 12, 12, 12], **FIXED)
    assert rules_of(on_mean)[12:] == [COMMON] * 8
    gap = xmr(BASELINE + [12, 12, 12, None, 12, 12, 12, 12], **FIXED)
    assert rules_of(gap)[12:] == [COMMON] * 8
    assert gap.point_type[15] == "common_cause" and gap.relative_to_mean[15] is None


def test_a_trend_outranks_a_shift_so_falling_points_above_the_mean_are_a_concern() -> None:
    # all above the mean 11 and strictly falling; 16, 15.5, 15 are also 2 of 3 beyond 2 sigma
    r = xmr(BASELINE + [16, 15.5, 15, 14, 13, 12.5, 12], **FIXED)
    assert rules_of(r)[12:] == [("trend", "low")] * 7
    assert set(r.point_type[12:]) == {"special_cause_concern"}
    assert r.variation_icon == "concern_low"


def test_no_rule_window_spans_a_rebase() -> None:
    # 1..10 rising is one trend of ten (mean 5.5, limits 2.84..8.16, so 1, 2, 9, 10 are
    # outside and 3..8 are trend); rebased at row 5 it is a rise of 4 and a rise of 6, and the
    # new limits (2.5 ± 2.66, 7.5 ± 2.66) leave no signal at all
    ds = days(10)
    values = list(range(1, 11))
    assert analyse_xmr(ds, values).rule[2:8] == ("trend",) * 6
    split = analyse_xmr(ds, values, xmr_options({"rebase": [ds[4]]}))
    assert split.rule == (None,) * 10


def test_neutral_measures_have_neither_improvement_nor_concern() -> None:
    high = xmr(BASELINE + [17], improvement_direction="neutral", **FIXED)
    assert high.point_type[-1] == "special_cause_neutral_high"
    low = xmr(BASELINE + [5], improvement_direction="neutral", **FIXED)
    assert low.point_type[-1] == "special_cause_neutral_low"


def test_decrease_turns_high_into_concern() -> None:
    r = xmr(BASELINE + [12] * 7, improvement_direction="decrease", **FIXED)
    assert set(r.point_type[12:]) == {"special_cause_concern"}
