"""Baselines as Making Data Count does them: fixed limits, rebases, windows, rebase suggestions."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.spc import ChartSettings, MeasureSpec, analyse_measure, analyse_xmr, xmr_options

START = date(2027, 1, 4)
NUMBER = MeasureSpec("number", "increase")


def days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def shifted(n: int, at: int, by: float, seed: int = 2) -> list[float | None]:
    rng = random.Random(seed)
    return [round(rng.gauss(50 + (by if i >= at else 0), 3), 1) for i in range(n)]


def test_limits_come_from_the_first_twenty_points_and_stay_fixed() -> None:
    values = shifted(60, 30, 12)
    v = analyse_measure(days(60), values, NUMBER, ChartSettings())
    first20 = analyse_xmr(days(20), values[:20]).groups[0]
    assert v.mean == pytest.approx(first20.mean)
    assert v.upper_limit == pytest.approx(first20.upl)
    assert v.baseline == (days(60)[0], days(60)[19])
    assert v.status == "improvement"  # the shift is not absorbed into the mean


def test_baseline_points_is_configurable() -> None:
    values = shifted(60, 30, 12)
    v = analyse_measure(days(60), values, NUMBER, ChartSettings(baseline_points=15))
    assert v.baseline == (days(60)[0], days(60)[14])
    assert v.mean == pytest.approx(analyse_xmr(days(15), values[:15]).groups[0].mean)


def test_the_window_shown_never_changes_the_limits_or_the_verdict() -> None:
    values = shifted(90, 60, -10)
    decrease = MeasureSpec("number", "decrease")
    whole = analyse_measure(days(90), values, decrease, ChartSettings())
    window = analyse_measure(days(90), values, decrease, ChartSettings(), shown_from=days(90)[60])
    assert len(window.points) == 30 and len(whole.points) == 90
    assert (window.mean, window.lower_limit, window.upper_limit) == (
        whole.mean, whole.lower_limit, whole.upper_limit,
    )  # fmt: skip
    assert [p.status for p in window.points] == [p.status for p in whole.points[60:]]
    assert window.sentence == whole.sentence
    assert all(p.status == "improvement" for p in window.points[7:])


def test_a_rebase_fixes_new_limits_from_its_day() -> None:
    values = shifted(80, 40, 20)
    ds = days(80)
    v = analyse_measure(ds, values, NUMBER, ChartSettings(), rebases=[ds[40]])
    assert len(v.limits) == 2
    assert v.limits[1].baseline_first == ds[40] and v.limits[1].baseline_last == ds[59]
    expected = analyse_xmr(ds[40:60], values[40:60]).groups[0]
    assert v.mean == pytest.approx(expected.mean)
    assert v.status == "common"  # the new level is the new normal
    assert v.rebase_hint is None


def test_a_rebase_on_a_day_without_a_value_starts_at_the_next_recorded_day() -> None:
    values = shifted(60, 30, 20)
    values[30] = None
    ds = days(60)
    v = analyse_measure(ds, values, NUMBER, ChartSettings(), rebases=[ds[30]])
    assert v.limits[1].first == ds[30]  # gap mode keeps the day as a row
    skip = analyse_measure(ds, values, NUMBER, ChartSettings(missing_days="skip"), rebases=[ds[30]])
    assert skip.limits[1].first == ds[31]


def test_a_sustained_shift_offers_a_rebase_and_never_makes_one() -> None:
    values = shifted(70, 40, -12, seed=5)
    ds = days(70)
    v = analyse_measure(ds, values, MeasureSpec("number", "decrease"), ChartSettings())
    assert v.rebase_hint is not None and v.rebase_hint.endswith("— rebase?")
    assert "below the mean since" in v.rebase_hint
    assert v.rebase_from is not None and ds[36] <= v.rebase_from <= ds[40]
    assert len(v.limits) == 1  # still one baseline: the team decides
    assert v.status == "improvement"


def test_no_rebase_is_offered_on_a_stable_series() -> None:
    rng = random.Random(11)
    offered = 0
    for _ in range(100):
        values = [round(rng.gauss(50, 3), 1) for _ in range(90)]
        verdict = analyse_measure(days(90), values, NUMBER, ChartSettings())
        offered += verdict.rebase_hint is not None
    assert offered <= 10


def test_as_of_judges_the_series_as_it_was_that_day() -> None:
    values = shifted(70, 40, -12, seed=5)
    ds = days(70)
    earlier = analyse_measure(ds, values, NUMBER, ChartSettings(), as_of=ds[35])
    assert earlier.points[-1].day == ds[35]
    cut = analyse_measure(ds[:36], values[:36], NUMBER, ChartSettings())
    assert earlier.sentence == cut.sentence and earlier.mean == cut.mean


def test_the_engine_options_follow_the_trust_settings() -> None:
    # six in a row above the mean signal only with shift_length 6
    values: list[float | None] = [11.0, 9.0] * 10 + [12.0] * 6
    six = analyse_measure(days(26), values, NUMBER, ChartSettings(shift_length=6))
    seven = analyse_measure(days(26), values, NUMBER, ChartSettings())
    assert six.status == "improvement" and seven.status == "common"
    assert xmr_options({"shift_length": 6}).shift_length == 6
