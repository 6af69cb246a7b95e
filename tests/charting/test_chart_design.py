"""The chart's design (issue 16): MDC icons in MDC colours top right only when the analysis gives
them, the alt text's numbers equal to the analysis's and to the labels drawn, whole-number ticks
on counts, the period in the subtitle, plain date ticks, annotations that never overlap, size."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import numpy as np
from charts_kit import Ward, only_chart
from PIL import Image

from bot.charting.analysis import MeasureAnalysis
from bot.charting.judge import judge
from bot.charting.series import History
from bot.spc.drawing import chart_message
from bot.spc.drawing.as_text import value_text
from bot.spc.drawing.icons import icon_boxes
from bot.spc.drawing.palette import COMMON, CONCERN, IMPROVEMENT, NEUTRAL
from bot.spc.drawing.render import _chart as chart_figure
from bot.spc.drawing.render import render_png
from bot.spc.drawing.spec import ChartSpec
from bot.spc.settings import ChartSettings, MeasureSpec

START = date(2026, 12, 1)
MDC = {"improvement": IMPROVEMENT, "concern": CONCERN, "common": COMMON, "neutral": NEUTRAL}


def analysed(
    values: list[float | None],
    direction: str = "increase",
    target: float | None = None,
    kind: str = "number",
    unit: str = "",
    rebases: tuple[tuple[date, str], ...] = (),
    aggregate: str = "day",
) -> tuple[MeasureAnalysis, ChartSpec]:
    """A measure's one analysis from its rows (one a day from 1 Dec 2026), and its chart."""
    days = tuple(START + timedelta(days=i) for i in range(len(values)))
    spec = MeasureSpec(kind=kind, direction=direction, target=target,
                       minimum=0 if kind == "count" else None, aggregate=aggregate)  # fmt: skip
    judged = judge(days, values, spec, ChartSettings(), tuple(d for d, _ in rebases), days[-1])
    history = History(days, tuple(values), (), rebases)
    a = MeasureAnalysis("Ward 7", "Score", "score", kind, unit, direction, target, days[-1],
                        history, judged)  # fmt: skip
    drawing = a.drawing(spec)
    chart = ChartSpec(
        title="Score — Ward 7", kind=drawing.chart, dates=drawing.days, values=drawing.values,
        unit=unit, target=target, improvement_direction=direction,
        markers=tuple((d, f"Rebased: {why}") for d, why in rebases), drawing=drawing,
    )  # fmt: skip
    return a, chart


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])


def colour_in_box(png: bytes, box: tuple[float, float, float, float], colour: str) -> int:
    """Pixels of `colour` inside a box given in figure fractions (left, bottom, width, height)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    h, w = image.shape[:2]
    left, bottom, width, height = box
    region = image[int(h * (1 - bottom - height)) : int(h * (1 - bottom)) + 1,
                   int(w * left) : int(w * (left + width)) + 1]  # fmt: skip
    return int((np.abs(region - rgb(colour)) <= 8).all(axis=2).sum())


def texts(figure: Any) -> list[str]:
    """Every text drawn on the figure (titles, labels, annotations, legend, tick labels)."""
    from matplotlib.text import Text

    figure.canvas.draw()
    return [t.get_text() for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


BASE = [10.0, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10, 9, 11, 10, 12, 11, 10]
SHIFT_UP = BASE + [14.0, 15, 14, 16, 15, 14, 15, 16]


def test_variation_and_assurance_icons_are_drawn_top_right_in_mdc_colours() -> None:
    _, better = analysed(SHIFT_UP, "increase", target=5)  # higher is better: always above target
    _, worse = analysed(SHIFT_UP, "decrease", target=3)  # lower is better: never down to target
    _, neither = analysed(SHIFT_UP, "neutral")
    _, quiet = analysed(BASE + [10.0, 11, 9], "increase")
    assert better.drawing and better.drawing.variation_icon == "improvement_high"
    assert better.drawing.assurance_icon == "pass"
    assert worse.drawing and worse.drawing.assurance_icon == "fail"
    for chart, variation, assurance in (
        (better, IMPROVEMENT, IMPROVEMENT), (worse, CONCERN, CONCERN), (neither, NEUTRAL, None),
        (quiet, COMMON, None),
    ):  # fmt: skip
        png = render_png(chart)
        figure = chart_figure(chart)
        boxes = icon_boxes(figure, 2 if assurance else 1)
        assert colour_in_box(png, boxes[0], variation) > 40
        others = [c for c in (IMPROVEMENT, CONCERN, NEUTRAL) if c != variation]  # grey: dots
        assert all(colour_in_box(png, boxes[0], c) == 0 for c in others)
        if assurance:
            assert colour_in_box(png, boxes[1], assurance) > 40


def test_no_icon_without_a_judgement_run_charts_and_too_few_points() -> None:
    _, few = analysed([3.0, 5, 4, 6, 5])  # a run chart: too few points for limits
    _, flat = analysed([5.0] * 25, target=4)  # no variation: limits that cannot judge
    for chart in (few, flat):
        assert chart.drawing and chart.drawing.variation_icon is None
        png = render_png(chart)
        figure = chart_figure(chart)
        top_right = icon_boxes(figure, 2)
        whole = (top_right[0][0], top_right[0][1], 1 - top_right[0][0], top_right[0][3])
        assert all(colour_in_box(png, whole, c) == 0 for c in MDC.values())


def test_alt_text_numbers_are_the_analysis_numbers_and_the_labels_drawn(ward: Ward) -> None:
    for measure, unit in (("falls", "falls"), ("staffing", "%")):
        _, chart, spec = only_chart(ward.say("Demo Nurse", f"/huddle chart {measure}"))
        d = spec.drawing
        assert d is not None and d.stretches
        limits = d.stretches[-1]
        drawn = texts(chart_figure(spec))
        figures = {"mean": limits.centre, "upper": limits.upper, "lower": limits.lower}
        if spec.target is not None:
            figures["target"] = spec.target
        for name, value in figures.items():
            assert value is not None
            written = value_text(value, unit)
            assert f"{name} {written}" in drawn  # on the image, at the right edge
            assert re.search(rf"\b{name}( limit)? {re.escape(written)}(?![\d.]\d)", chart.alt, re.I)
        day, latest = max((x, v) for x, v in zip(d.days, d.values, strict=True) if v is not None)
        assert f"latest {value_text(latest, unit)} on {day.day} {day:%b %Y}" in chart.alt
        assert d.verdict in chart.alt and d.chart_words in chart.alt


def test_alt_text_names_the_days_that_signal_and_which_way() -> None:
    _, chart = analysed(SHIFT_UP, "increase")
    alt = chart_message(chart).alt
    assert "improvement on 21 Dec 2026 – 28 Dec 2026 (8 points)" in alt
    assert "Higher is better." in alt and "daily, 1 Dec 2026 – 28 Dec 2026" in alt
    _, neutral = analysed(SHIFT_UP, "neutral")
    said = chart_message(neutral).alt + " ".join(texts(chart_figure(neutral)))
    assert "is better" not in said  # a neutral measure says nothing about which way is better


def test_counts_get_whole_number_ticks_and_a_unit(ward: Ward) -> None:
    _, small = analysed([0.0, 1, 0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0],
                        "decrease", kind="count")  # fmt: skip
    _, _, falls = only_chart(ward.say("Demo Nurse", "/huddle chart falls"))
    for chart in (small, falls):
        ax = chart_figure(chart).axes[0]
        low, high = ax.get_ylim()
        ticks = [t for t in ax.get_yticks() if low <= t <= high]
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)
    assert chart_figure(falls).axes[0].get_ylabel() == "falls"


def test_the_subtitle_states_period_frequency_chart_type_and_which_way_is_better(
    ward: Ward,
) -> None:
    _, _, falls = only_chart(ward.say("Demo Nurse", "/huddle chart falls"))
    assert "daily, 2 Dec 2026 – 28 Feb 2027 · XmR chart · ▼ lower is better" in texts(
        chart_figure(falls)
    )
    _, _, ulcers = only_chart(ward.say("Demo Nurse", "/huddle chart pressure ulcers"))
    [line] = [t for t in texts(chart_figure(ulcers)) if "T-chart" in t]
    assert 'T-chart "days between pressure ulcers" · ▲ higher is better' in line  # longer gaps
    alt = chart_message(ulcers).alt  # the alt text names the chart in the same words
    assert alt.startswith('T-chart "days between pressure ulcers" of Pressure ulcers — Ward 7')


def test_a_count_charted_by_week_says_weekly() -> None:
    rng = [0.0, 1, 2, 0, 1, 3, 1, 0, 2, 1, 1, 0, 2, 1]
    _, chart = analysed(rng * 13, "decrease", kind="count", aggregate="week")
    assert chart.drawing and chart.drawing.period == "week"
    [line] = [t for t in texts(chart_figure(chart)) if "chart" in t and "," in t]
    assert line.startswith("weekly, ") and "lower is better" in line
    assert "(weekly, " in chart_message(chart).alt


def test_a_one_point_chart_spans_days_not_years_and_ticks_read_as_days() -> None:
    _, chart = analysed([4.0])
    ax = chart_figure(chart).axes[0]
    low, high = ax.get_xlim()
    assert high - low <= 15  # days: never 2025–2029
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(labels) >= 2
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?", w) for w in labels)
    assert sum(bool(re.search(r"\d{4}$", w)) for w in labels) == 1  # the year once


def test_rebases_ideas_and_gaps_are_labelled_without_overlapping() -> None:
    values: list[float | None] = [*BASE, *SHIFT_UP[20:], *[None] * 8, 15.0, 14, 16, 15, 14]
    rebase = START + timedelta(days=21)
    _, chart = analysed(values, rebases=((rebase, "new falls mats on every bay"),))
    idea = (START + timedelta(days=22), "Idea #3 test: red trays at lunch")
    chart = ChartSpec(**{**chart.__dict__, "markers": (*chart.markers, idea)})
    figure = chart_figure(chart)
    ax = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text()]
    words = [t.get_text() for t in labels]
    assert any(w.startswith("Rebased: new falls mats") for w in words)
    assert any(w.startswith("Idea #3 test") for w in words)
    assert "no data: 8 days" in words
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert all(
        not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    ), words  # fmt: skip


def test_every_demo_chart_is_800_by_450_and_under_100_kb(ward: Ward) -> None:
    for line in ("falls", "staffing", "pressure ulcers", "ed four-hour", "ed handover",
                 "theatres late-starts", "theatres utilisation", "falls 7"):  # fmt: skip
        _, _, spec = only_chart(ward.say("Demo Director", f"/huddle chart {line}"))
        png = render_png(spec)
        assert Image.open(io.BytesIO(png)).size == (800, 450)
        assert len(png) < 100_000


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_a_chart_drawn_after_others_looks_exactly_as_if_drawn_alone() -> None:
    """A render worker keeps one figure for all its charts: nothing of an earlier chart (its
    labels, limits, a short chart's fortnight axis, its icons) may show on the next."""
    from bot.spc.drawing.render import _png

    values: list[float | None] = [*BASE, *SHIFT_UP[20:], *[None] * 8, 15.0, 14, 16, 15, 14]
    rebased = analysed(values, "decrease", target=12,
                       rebases=((START + timedelta(days=21), "new falls mats"),))[1]  # fmt: skip
    rare = [0.0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0] * 4
    charts = [
        rebased,
        analysed([4.0, 6], "increase")[1],  # a short run chart: a fortnight of axis
        analysed(rare, "decrease", kind="count")[1],  # a T-chart
        analysed(SHIFT_UP, "neutral")[1],
        analysed([5.0] * 25, target=4)[1],  # no icon
        rebased,
    ]
    for chart in charts:
        alone = _png(chart_figure(chart))  # a new figure of its own
        assert np.array_equal(pixels(render_png(chart)), pixels(alone))


def test_the_png_holds_exactly_the_pixels_drawn() -> None:
    _, chart = analysed(SHIFT_UP, "increase", target=5)
    figure = chart_figure(chart)
    figure.canvas.draw()
    drawn = np.asarray(figure.canvas.buffer_rgba())[:, :, :3]
    png = render_png(chart)
    assert np.array_equal(pixels(png), drawn)
    assert Image.open(io.BytesIO(png)).format == "PNG" and len(png) < 100_000
