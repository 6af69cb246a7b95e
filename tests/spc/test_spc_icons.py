"""Variation and assurance icons, short groups and missing values (spc-rules §5, §6, §7)."""

from __future__ import annotations

import pytest
from spc_series import BASELINE, FIXED, days, xmr

from bot.spc import analyse_xmr, xmr_options

UPL = 11 + 2.66 * 2  # of BASELINE


@pytest.mark.parametrize(
    ("last", "direction", "icon"),
    [
        (17, "increase", "improvement_high"),
        (17, "decrease", "concern_high"),
        (5, "increase", "concern_low"),
        (5, "decrease", "improvement_low"),
        (17, "neutral", "neutral_high"),
        (5, "neutral", "neutral_low"),
        (11, "increase", "common_cause"),
    ],
)
def test_variation_icon_comes_from_the_latest_row(last: float, direction: str, icon: str) -> None:
    r = xmr(BASELINE + [last], improvement_direction=direction, **FIXED)
    assert r.variation_icon == icon


def test_earlier_signals_and_a_missing_last_value_give_common_cause() -> None:
    assert xmr(BASELINE + [17, 11], **FIXED).variation_icon == "common_cause"
    missing_last = xmr(BASELINE + [17, None], **FIXED)
    assert missing_last.variation_icon == "common_cause"
    assert missing_last.relative_to_mean[-1] is None
    assert missing_last.outside_limits[-1] is None


@pytest.mark.parametrize(
    ("target", "direction", "icon"),
    [
        (20, "increase", "fail"),
        (20, "decrease", "pass"),
        (3, "increase", "pass"),
        (3, "decrease", "fail"),
        (11, "increase", "inconsistent"),
        (UPL, "increase", "inconsistent"),  # exactly on a limit
        (20, "neutral", None),
        (None, "increase", None),
    ],
)
def test_assurance_icon_against_the_limits(target, direction, icon) -> None:  # type: ignore[no-untyped-def]
    # BASELINE: mean 11, limits 5.68 .. 16.32
    r = xmr(BASELINE, target=target, improvement_direction=direction)
    assert r.assurance_icon == icon


def test_assurance_is_inconsistent_without_limits() -> None:
    assert xmr([5], target=100).assurance_icon == "inconsistent"


def test_assurance_uses_the_last_limits_group_only() -> None:
    # group 1 swings 0/100 (UPL far above 20); group 2 is BASELINE (UPL 16.32) -> 20 is above it
    ds = days(16)
    options = xmr_options({"rebase": [ds[4]], "target": 20})
    assert analyse_xmr(ds, [0, 100, 0, 100] + BASELINE, options).assurance_icon == "fail"


def test_groups_under_thirteen_rows_are_short_missing_rows_included() -> None:
    assert all(xmr([1, 2] * 6).points[i].short_group for i in range(12))  # 12 rows: short
    assert not any(p.short_group for p in xmr([1, 2] * 6 + [1]).points)  # 13 rows
    assert not any(p.short_group for p in xmr([1, 2] * 6 + [None]).points)  # 13 with a gap
    ds = days(20)
    rebased = analyse_xmr(ds, [1, 2] * 10, xmr_options({"rebase": [ds[15]]}))
    assert [p.short_group for p in rebased.points] == [False] * 15 + [True] * 5
    assert any("trial limits" in w for w in rebased.warnings)


def test_missing_values_are_left_out_of_the_mean() -> None:
    r = xmr([10, None, 12])
    assert r.groups[0].mean == 11
    assert r.point_type[1] == "common_cause"
