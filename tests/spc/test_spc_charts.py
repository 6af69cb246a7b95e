"""Chart images and their words: size, signal colours, captions, alt text, the worker pool."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
from datetime import date

import numpy as np
import pytest
from PIL import Image
from spc_series import BASELINE, days

from bot.messages import fallback_text
from bot.spc import RunOptions, XmrOptions, days_since_last, latest_signal_sentence
from bot.spc.drawing import chart_message
from bot.spc.drawing.describe import alt_text
from bot.spc.drawing.render import render_png
from bot.spc.drawing.spec import ChartSpec, SummaryRow, SummarySpec
from huddlebot.render_pool import RenderPool

BLUE = (0x00, 0xB0, 0xF0)  # Making Data Count improvement #00b0f0
ORANGE = (0xE4, 0x6C, 0x0A)  # concern #e46c0a


def spec(values: list, direction: str = "increase", **fields) -> ChartSpec:  # type: ignore[no-untyped-def, type-arg]
    return ChartSpec(
        title="Falls", kind="xmr", dates=tuple(days(len(values))), values=tuple(values),
        options=XmrOptions(fix_after_n_points=12), improvement_direction=direction, **fields,
    )  # fmt: skip


def pixels_near(png: bytes, colour: tuple[int, int, int], tolerance: int = 6) -> int:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return int((np.abs(image - np.array(colour)) <= tolerance).all(axis=2).sum())


def test_chart_is_phone_sized_and_small() -> None:
    png = render_png(spec(BASELINE + [12] * 7, target=15.0))
    assert Image.open(io.BytesIO(png)).size == (800, 450)
    assert len(png) < 100_000
    three_years = render_png(spec([float(i % 7) for i in range(1000)]))
    assert len(three_years) < 100_000


def test_signal_points_are_drawn_in_making_data_count_colours() -> None:
    # seven points above the mean: a shift; blue when higher is better, orange when it is worse
    improving = render_png(spec(BASELINE + [12] * 7))
    worsening = render_png(spec(BASELINE + [12] * 7, direction="decrease"))
    quiet = render_png(spec(BASELINE + [12] * 3))
    assert pixels_near(improving, BLUE) > 50 and pixels_near(improving, ORANGE) < 5
    assert pixels_near(worsening, ORANGE) > 50
    assert pixels_near(quiet, BLUE) < 5 and pixels_near(quiet, ORANGE) < 5


def test_run_chart_summary_table_and_empty_chart_render() -> None:
    run = ChartSpec("Pressure ulcers", "run", tuple(days(16)), tuple(range(16)), RunOptions())
    row = SummaryRow("Ward 7", "Falls", "3", "improvement_low", "pass")
    table = SummarySpec("Medicine", (row,))
    empty = ChartSpec("New measure", "xmr", (), ())
    for s in (run, table, empty):
        assert render_png(s)[:8] == b"\x89PNG\r\n\x1a\n"


def test_alt_text_says_what_the_caption_says() -> None:
    text = alt_text(spec(BASELINE + [12] * 7, target=20.0))
    assert "Special cause — improvement" in text
    assert "7 points in a row above the mean" in text
    assert "Target consistently missed" in text  # 20 is above the UPL 16.32
    assert "12 on 19 Jan 2027" in text
    message = chart_message(spec(BASELINE + [11]))
    assert fallback_text(message) == message.alt
    assert "Common cause" in message.alt


def test_provisional_limits_are_said_for_short_series() -> None:
    assert "limits provisional" in alt_text(spec([3, 4, 5]))


def test_latest_signal_sentence() -> None:
    ds = days(19)
    # the baseline's last 10 and seven 10.5s: eight in a row below the mean 11
    falls = BASELINE + [10.5] * 7
    sentence = latest_signal_sentence("Falls", ds, falls, "decrease", fix_after_n_points=12)
    assert sentence == "Falls: 8 points in a row below the mean — improvement"
    assert latest_signal_sentence("Falls", ds, BASELINE + [10.5] * 6 + [12], "decrease") is None


def test_pool_renders_in_workers_and_inline() -> None:
    chart = spec(BASELINE + [17])
    with RenderPool(workers=0) as inline:
        assert inline.render(chart) == render_png(chart)
    with RenderPool(workers=1) as pool:
        assert pool.render(chart)[:4] == b"\x89PNG"
        os.kill(pool.worker_pids()[0], signal.SIGKILL)  # a worker dies: the pool recovers
        assert asyncio.run(pool.render_async(chart))[:4] == b"\x89PNG"
    with pytest.raises(RuntimeError):
        pool.render(chart)


def test_markers_need_dates_inside_the_chart() -> None:
    marked = spec(BASELINE + [12], markers=((date(2030, 1, 1), "later idea"),))
    assert render_png(marked)[:4] == b"\x89PNG"


def test_days_since_the_last_fall() -> None:
    ds = days(6)  # 1-6 Jan; the last fall is on 3 Jan (a missing day is not a zero)
    assert days_since_last(ds, [0, 1, 2, 0, None, 0]) == 3
    assert days_since_last(ds, [0, 1, 2, 0, None, 0], today=date(2027, 1, 10)) == 7
    assert days_since_last(ds, [0, 0, None, 0, 0, 0]) is None


def test_the_core_loads_without_matplotlib() -> None:
    code = "import sys, bot.spc.drawing, bot.spc; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False"
