"""The one analysis every view shows: which chart a measure gets, and the verdict in words."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.spc import ChartSettings, MeasureSpec, aggregate, analyse_measure
from bot.spc.choose import RUN_CHART_BELOW

START = date(2027, 1, 4)  # a Monday
DEFAULT = ChartSettings()
NUMBER = MeasureSpec("number", "increase")
FALLS = MeasureSpec("count", "decrease", minimum=0, unit="falls")


def days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def noise(n: int, seed: int = 1, level: float = 50, spread: float = 5) -> list[float | None]:
    rng = random.Random(seed)
    return [round(rng.gauss(level, spread), 1) for _ in range(n)]


def test_continuous_measure_gets_an_xmr_chart_and_says_why() -> None:
    v = analyse_measure(days(40), noise(40), NUMBER, DEFAULT)
    assert v.chart == "xmr"
    assert "XmR" in v.reason and "20" in v.reason
    assert v.limits_state == "ok"
    assert v.lower_limit is not None and v.upper_limit is not None
    assert v.lower_limit < v.mean < v.upper_limit  # type: ignore[operator]
    assert v.variation_icon is not None


def test_below_the_threshold_a_run_chart_without_limits_or_icons() -> None:
    short = analyse_measure(days(RUN_CHART_BELOW - 1), noise(RUN_CHART_BELOW - 1), NUMBER, DEFAULT)
    assert short.chart == "run"
    assert f"limits need {RUN_CHART_BELOW}" in short.reason
    assert short.upper_limit is None and short.variation_icon is None
    assert short.assurance_icon is None
    enough = analyse_measure(days(RUN_CHART_BELOW), noise(RUN_CHART_BELOW), NUMBER, DEFAULT)
    assert enough.chart == "xmr" and enough.limits_state == "provisional"
    assert "provisional" in enough.sentence


def test_the_threshold_counts_recorded_points_not_days() -> None:
    values = noise(20)
    values[::2] = [None] * 10  # ten recorded of twenty days
    assert analyse_measure(days(20), values, NUMBER, DEFAULT).chart == "run"


def test_a_measure_with_no_data_is_not_called_common_cause() -> None:
    v = analyse_measure(days(30), [None] * 30, NUMBER, DEFAULT)
    assert v.status == "missing"
    assert "common cause" not in v.sentence.lower()
    assert v.sentence == "Nothing recorded yet."
    assert v.variation_icon is None


def test_nineteen_fives_and_a_six_are_not_nineteen_points_outside_limits() -> None:
    v = analyse_measure(days(20), [5.0] * 19 + [6.0], NUMBER, DEFAULT)
    assert not [p for p in v.points if p.status not in ("common", "missing")]
    assert v.variation_icon is None and not v.special_cause
    assert "collapse" in v.reason


def test_forced_xmr_on_collapsing_limits_gives_no_colour_icon_or_verdict() -> None:
    values = [0.0] * 40
    values[5] = values[14] = values[30] = 1.0
    v = analyse_measure(days(40), values, FALLS, ChartSettings(chart="xmr"))
    assert v.chart == "xmr" and v.limits_state == "collapsed"
    assert {p.status for p in v.points} == {"common"}
    assert v.variation_icon is None and v.assurance_icon is None
    assert "cannot be told from noise" in v.sentence


def test_a_constant_series_says_no_variation_not_too_few_values() -> None:
    v = analyse_measure(days(30), [100.0] * 30, MeasureSpec("percent", "increase"), DEFAULT)
    assert v.limits_state == "no_variation"
    assert "no variation" in v.sentence.lower()
    assert "too few" not in v.sentence.lower()
    assert v.variation_icon is None


def test_limits_are_clipped_to_the_measure_bounds() -> None:
    counts = [0.0, 4.0, 1.0, 5.0, 0.0, 6.0, 2.0, 3.0] * 4  # mean 2.6, wide limits
    v = analyse_measure(days(32), counts, MeasureSpec("count", "decrease", minimum=0), DEFAULT)
    assert v.chart == "xmr" and v.lower_limit == 0
    assert all(lim.lower is not None and lim.lower >= 0 for lim in v.limits)
    percent = [100.0, 80.0, 96.0, 70.0, 100.0, 85.0] * 5
    p = analyse_measure(days(30), percent, MeasureSpec("percent", "increase", 95, 0, 100), DEFAULT)
    assert p.upper_limit == 100
    assert all(pt.upper is not None and pt.upper <= 100 for pt in p.points)


def test_a_missing_day_is_a_gap_and_breaks_moving_ranges() -> None:
    values = noise(30)
    values[10:20] = [None] * 10
    v = analyse_measure(days(30), values, NUMBER, DEFAULT)
    assert [p.status for p in v.points[10:20]] == ["missing"] * 10
    assert [g.days for g in v.gaps] == [10]
    assert v.gaps[0].first == days(30)[10]


def test_missing_days_skip_lets_a_shift_run_across_a_gap() -> None:
    # 20 baseline points around 10 (ending low), 3 high, a missing day, 4 high: 7 in a row
    values: list[float | None] = [11.0, 9.0] * 10 + [12.0] * 3 + [None] + [12.0] * 4
    gap = analyse_measure(days(28), values, NUMBER, DEFAULT)
    skip = analyse_measure(days(28), values, NUMBER, ChartSettings(missing_days="skip"))
    assert gap.status == "common"
    assert skip.status == "improvement"
    assert "7 points in a row above the mean" in skip.sentence
    assert [p.status for p in skip.points].count("missing") == 1


def test_weekly_aggregation_sums_counts_over_whole_weeks() -> None:
    ds = days(17)  # Mon 4 Jan .. Wed 20 Jan: two whole weeks and a part week
    values = [1.0] * 17
    values[3] = None  # a day with no huddle adds nothing, the week still counts
    weeks, totals = aggregate(ds, values, "week")
    assert weeks == (START, START + timedelta(days=7))
    assert totals == (6.0, 7.0)
    months, means = aggregate(days(60), [2.0] * 60, "month", total=False)
    assert months == (date(2027, 2, 1),) and means == (2.0,)


def test_weekly_measure_is_charted_per_week() -> None:
    rng = random.Random(3)
    values = [float(rng.randint(0, 4)) for _ in range(7 * 30)]
    weekly = MeasureSpec("count", "decrease", minimum=0, unit="falls", aggregate="week")
    v = analyse_measure(days(7 * 30), values, weekly, DEFAULT)
    assert v.chart == "xmr" and v.period == "week"
    assert len(v.points) == 30
    assert all(p.day.weekday() == 0 for p in v.points)


@pytest.mark.parametrize("chart", ["xmr", "run", "t", "g"])
def test_the_chart_setting_is_honoured(chart: str) -> None:
    rng = random.Random(4)
    values = [float(rng.random() < 0.3) for _ in range(90)]
    v = analyse_measure(days(90), values, FALLS, ChartSettings(chart=chart))
    assert v.chart == chart
    assert "chart setting" in v.reason


def test_a_constant_baseline_then_change_says_the_baseline_had_no_variation() -> None:
    values: list[float | None] = [100.0] * 20 + [90.0, 100.0, 80.0]
    v = analyse_measure(days(23), values, MeasureSpec("percent", "increase"), DEFAULT)
    assert v.limits_state == "no_variation"
    assert v.sentence.startswith("No variation: every baseline value is 100")
    assert v.variation_icon is None and not v.special_cause
