"""Rare events (falls, pressure ulcers): T- and G-charts as qicharts2 defines them."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from bot.spc import ChartSettings, MeasureSpec, analyse_measure
from bot.spc.choose import FEWEST_GAPS

START = date(2027, 1, 4)
FALLS = MeasureSpec("count", "decrease", minimum=0, unit="falls")


def days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def falls_every(gaps: list[int], tail: int = 0) -> list[float | None]:
    """Daily counts with one fall on day 0 and then after each gap; `tail` quiet days after."""
    values: list[float | None] = [1.0]
    for gap in gaps:
        values += [0.0] * (gap - 1) + [1.0]
    return values + [0.0] * tail


def test_mostly_zeros_get_a_t_chart_with_a_plain_reason() -> None:
    values = falls_every([5, 9, 4, 8, 7, 6, 10, 5, 6, 8, 7, 9])
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    assert v.chart == "t"
    assert "T-chart" in v.reason and "rare" in v.reason and "falls" in v.reason
    assert v.direction == "increase"  # longer gaps between falls are better


def test_t_chart_limits_are_the_back_transformed_xmr_of_gaps_to_the_power_1_over_3_6() -> None:
    gaps = [5, 9, 4, 8, 7, 6, 10, 5, 6, 8, 7, 9, 6, 5]
    values = falls_every(gaps)
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    y = [g ** (1 / 3.6) for g in gaps]
    mean = sum(y) / len(y)
    mr = sum(abs(b - a) for a, b in zip(y, y[1:], strict=False)) / (len(y) - 1)
    assert v.mean == pytest.approx(mean**3.6)
    assert v.upper_limit == pytest.approx((mean + 2.66 * mr) ** 3.6)
    low = mean - 2.66 * mr
    assert v.lower_limit == pytest.approx(max(low, 0) ** 3.6)
    assert [p.value for p in v.points] == [float(g) for g in gaps]
    assert v.points[0].day == days(len(values))[5]  # the second fall: the first gap ends there


def test_g_chart_centre_and_limits() -> None:
    gaps = [5, 9, 4, 8, 7, 6, 10, 5, 6, 8, 7, 9, 6, 5]
    values = falls_every(gaps)
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings(chart="g"))
    between = [g - 1 for g in gaps]  # event-free days between falls
    mean = sum(between) / len(between)
    assert v.mean == pytest.approx(mean)
    assert v.upper_limit == pytest.approx(mean + 3 * math.sqrt(mean * (mean + 1)))
    assert v.lower_limit == 0
    assert v.centre == pytest.approx(0.693 * mean)


def test_days_since_the_last_fall() -> None:
    values = falls_every([5, 9, 4, 8, 7, 6, 10, 5, 6, 8, 7, 9], tail=12)
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    assert v.days_since_last == 12
    assert v.since_last == "12 days since the last fall"
    assert "12 days since the last fall" in v.sentence
    assert v.events == 13


def test_too_few_events_to_judge_rather_than_a_signal() -> None:
    values = falls_every([20, 3, 30], tail=10)
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    assert v.chart == "t" and v.too_few_events
    assert v.sentence.startswith("Too few falls to judge yet")
    assert str(FEWEST_GAPS + 1) in v.sentence
    assert v.variation_icon is None and not v.special_cause
    assert {p.status for p in v.points} == {"common"}


def test_no_falls_at_all_is_not_a_verdict() -> None:
    v = analyse_measure(days(60), [0.0] * 60, FALLS, ChartSettings())
    assert v.chart == "t" and v.too_few_events and v.variation_icon is None
    assert v.since_last == "No falls recorded since 4 Jan"


def test_a_missing_day_makes_the_gap_across_it_unknown() -> None:
    values = falls_every([5, 9, 4, 8, 7, 6, 10, 5, 6, 8, 7, 9])
    values[20] = None  # inside the gap between the 4th and 5th falls
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    assert [p.value for p in v.points][3] is None
    assert v.points[3].status == "missing"
    skip = analyse_measure(days(len(values)), values, FALLS, ChartSettings(missing_days="skip"))
    assert [p.value for p in skip.points][3] == 8.0


def test_a_run_of_short_gaps_is_a_concern_about_falls() -> None:
    values = falls_every([8, 6, 9, 7, 10, 6, 8, 9, 7, 8, 6, 9, 7, 8, 10, 6, 8, 7, 9, 8])
    values += falls_every([2, 1, 2, 1, 1, 2, 2, 1])[1:]
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings())
    assert v.chart == "t" and v.status == "concern"
    assert v.variation_icon == "concern_low"
    assert "shorter than the lower limit" in v.sentence
    assert "(1 day)" in v.sentence
    assert v.rebase_hint is None  # eight points after the baseline: not yet ten


def test_two_falls_on_one_day_are_two_events() -> None:
    values = falls_every([5, 9, 4, 8, 7, 6, 10, 5])
    values[-1] = 2.0
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings(chart="t"))
    assert v.events == 10
    assert v.points[-1].value == 0.0 and v.points[-1].day == v.points[-2].day


def test_a_rebase_starts_new_t_chart_limits_at_the_first_fall_after_it() -> None:
    before = falls_every([3, 4, 2, 3, 5, 3, 4, 2, 3, 4, 3, 2])
    after = falls_every([9, 12, 8, 10, 11, 9, 13, 10])
    values = before + after[1:]
    ds = days(len(values))
    rebase_day = ds[len(before) + 2]
    v = analyse_measure(ds, values, FALLS, ChartSettings(), rebases=[rebase_day])
    assert len(v.limits) == 2
    assert v.limits[1].first >= rebase_day
    assert v.mean is not None and v.mean > 8  # the new, longer gaps are the new normal
    assert v.status == "common"


def test_g_chart_a_run_of_short_gaps_is_a_concern() -> None:
    values = falls_every([8, 6, 9, 7, 10, 6, 8, 9, 7, 8, 6, 9, 7, 8, 10, 6, 8, 7, 9, 8])
    values += falls_every([2, 1, 2, 1, 1, 2, 2, 1])[1:]
    v = analyse_measure(days(len(values)), values, FALLS, ChartSettings(chart="g"))
    assert v.chart == "g" and v.status == "concern"
    assert "shorter than usual" in v.sentence
