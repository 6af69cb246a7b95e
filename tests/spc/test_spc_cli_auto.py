"""`huddlebot spc` contract additions of issue 15: chart and reason, auto kind, null not false."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from test_spc_cli import spc

from bot.charting.measure_settings import spec_of
from bot.spc import ChartSettings, analyse_measure, series_from_json, to_json
from bot.spc.json_contract import analyse
from bot.stores.tables.core import Measure

START = date(2027, 1, 4)


def iso_days(n: int) -> list[str]:
    return [(START + timedelta(days=i)).isoformat() for i in range(n)]


def falls(n: int, seed: int = 3) -> list[float]:
    rng = random.Random(seed)
    return [float(rng.random() < 0.15) for _ in range(n)]


def test_where_the_reference_has_no_value_the_answer_is_null_not_false() -> None:
    constant = {"dates": iso_days(15), "values": [4] * 15, "options": {"target": 3}}
    done = spc("-", stdin=json.dumps(constant))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {p["outside_limits"] for p in result["points"]} == {None}
    assert {p["close_to_limits"] for p in result["points"]} == {None}
    assert result["points"][0]["relative_to_mean"] == 0  # other keys unchanged
    assert result["variation_icon"] is None and result["assurance_icon"] is None


def test_collapsed_limits_give_no_icons_but_keep_the_reference_points() -> None:
    values = [0] * 20
    values[5] = values[14] = 1
    series = {"dates": iso_days(20), "values": values, "options": {"target": 1}}
    result = json.loads(spc("-", stdin=json.dumps(series)).stdout)
    assert result["points"][5]["outside_limits"] is True  # the reference's own answer
    assert result["variation_icon"] is None and result["assurance_icon"] is None


def test_every_series_says_its_chart_and_why() -> None:
    series = [
        {"kind": "run", "dates": iso_days(5), "values": [1, 2, 3, 4, 5]},
        {"kind": "xmr", "dates": iso_days(5), "values": [1, 2, 3, 4, 5]},
        {"kind": "auto", "dates": iso_days(90), "values": falls(90),
         "measure": {"kind": "count", "direction": "decrease"}},
    ]  # fmt: skip
    run, xmr, auto = json.loads(spc("-", stdin=json.dumps(series)).stdout)
    assert (run["chart"], xmr["chart"], auto["chart"]) == ("run", "xmr", "t")
    assert all(r["reason"].endswith(".") for r in (run, xmr, auto))
    assert "rare" in auto["reason"]


def test_auto_makes_the_same_choice_and_verdict_as_the_bot() -> None:
    rng = random.Random(8)
    cases = [
        ({"kind": "count", "direction": "decrease"}, falls(90, 1)),
        ({"kind": "percent", "direction": "increase", "target": 95},
         [min(100.0, round(rng.gauss(90, 4), 1)) for _ in range(60)]),
        ({"kind": "score", "direction": "increase", "min": 1, "max": 5}, [3, 4, 3, 5, 2]),
        ({"kind": "number"}, [5.0] * 30),
        ({"kind": "score", "direction": "increase"}, [rng.choice((1, 2, 5)) for _ in range(40)]),
        ({"kind": "yesno", "direction": "increase"}, [rng.choice((0, 1)) for _ in range(40)]),
    ]  # fmt: skip
    objects = [
        {"kind": "auto", "dates": iso_days(len(v)), "values": v, "measure": m} for m, v in cases
    ]
    results = json.loads(spc("-", stdin=json.dumps(objects)).stdout)
    for (measure, values), result in zip(cases, results, strict=True):
        # The bot's own view of such a measure, through the measure kinds.
        row = Measure(
            key="m", name="m", kind=measure["kind"], unit="", aggregate="day",
            direction={"increase": "up", "decrease": "down"}[measure.get("direction", "increase")],
            target=measure.get("target"), minimum=measure.get("min"), maximum=measure.get("max"),
        )  # fmt: skip
        spec = spec_of(row)
        days = [START + timedelta(days=i) for i in range(len(values))]
        v = analyse_measure(days, values, spec, ChartSettings())
        assert result["chart"] == v.chart and result["reason"] == v.reason
        assert result["sentence"] == v.sentence
        assert result["variation_icon"] == v.variation_icon
        assert result["assurance_icon"] == v.assurance_icon
        assert [p["status"] for p in result["points"]] == [p.status for p in v.points]


def test_auto_csv_with_measure_kind_and_options(tmp_path: Path) -> None:
    values = falls(90, 2)
    rows = ["day,falls"] + [f"{d},{int(v)}" for d, v in zip(iso_days(90), values, strict=True)]
    del rows[40]  # a day not in the file is a day with nothing recorded
    path = tmp_path / "falls.csv"
    path.write_text("\n".join(rows) + "\n")
    done = spc(
        str(path), "--date-col", "day", "--value-col", "falls", "--kind", "auto",
        "--measure-kind", "count", "--option", "improvement_direction=decrease",
        "--option", "baseline_points=15",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["chart"] == "t"
    assert result["days_since_last"] is not None
    assert any("1 day with nothing recorded" in w for w in result["warnings"])


def test_bad_auto_input_exits_2_with_one_line() -> None:
    for measure, words in [
        ({"kind": "weather"}, "measure kind"),
        ({"kind": "score", "min": 5, "max": 1}, "min 5 is more than max 1"),
        ({"kind": "count", "colour": "red"}, "colour"),
    ]:
        series = {"kind": "auto", "dates": iso_days(3), "values": [1, 2, 3], "measure": measure}
        done = spc("-", stdin=json.dumps(series))
        assert done.returncode == 2, measure
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    bad_option = {"kind": "auto", "dates": iso_days(3), "values": [1, 2, 3],
                  "options": {"trend_length": 9}}  # fmt: skip
    done = spc("-", stdin=json.dumps(bad_option))
    assert done.returncode == 2 and "trend_length must be 6 or 7" in done.stderr


def _many(n: int) -> list[dict]:
    rng = random.Random(n)
    return [
        {"kind": rng.choice(["xmr", "xmr", "run"]), "dates": iso_days(15),
         "values": [rng.choice([None, 1, 2, 3, 4.5]) for _ in range(15)]}
        for _ in range(n)
    ]  # fmt: skip


def spc_process(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`huddlebot spc` as its own process: a long list forks a copy of it for the second half."""
    return subprocess.run(
        [sys.executable, "-m", "huddlebot.cli", "spc", *args],
        input=stdin, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_long_list_is_answered_in_order_as_each_series_alone() -> None:
    objects = _many(2_400)  # long enough for the second half to go to the second core
    done = spc_process("-", stdin=json.dumps(objects))
    assert done.returncode == 0, done.stderr
    expected = [to_json(analyse(series_from_json(o))) for o in objects]
    assert done.stdout == json.dumps(expected) + "\n"


def test_a_long_list_reports_the_first_bad_series_wherever_it_is() -> None:
    objects = _many(2_400)
    objects[2_300]["values"][3] = "seven"
    done = spc_process("-", stdin=json.dumps(objects))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (
        'huddlebot spc: series 2301 (index 2300): value 4 must be a number, not "seven"'
    )
    objects[5]["dates"][0] = "2027-13-01"
    done = spc_process("-", stdin=json.dumps(objects))
    assert done.returncode == 2 and "series 6 (index 5)" in done.stderr


def _icon_pixels(png: bytes, colour: tuple[int, int, int]) -> int:
    """Pixels of `colour` in the top-right corner, where a chart draws its MDC icons."""
    import io

    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    assert image.shape[:2] == (450, 800)
    corner = image[:80, 640:]
    return int((np.abs(corner - np.array(colour)) <= 8).all(axis=2).sum())


def test_png_of_an_auto_series_is_the_chart_the_bot_would_draw(tmp_path: Path) -> None:
    """`--kind auto --png` draws the measure's chart in the bot's design: the chosen chart (a
    T-chart for rare falls) with its Making Data Count icon, as `/huddle chart` draws it."""
    rng = random.Random(5)
    days = iso_days(90)
    staffing = [round(rng.gauss(92 if i < 50 else 96, 1.2), 1) for i in range(90)]
    path = tmp_path / "staffing.csv"
    rows = zip(days, staffing, strict=True)
    path.write_text("day,staffing\n" + "".join(f"{d},{v}\n" for d, v in rows))
    png = tmp_path / "staffing.png"
    done = spc(str(path), "--date-col", "day", "--value-col", "staffing", "--kind", "auto",
               "--measure-kind", "percent", "--option", "improvement_direction=increase",
               "--png", str(png))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["variation_icon"] == "improvement_high"
    assert _icon_pixels(png.read_bytes(), (0x00, 0xB0, 0xF0)) > 40  # the improvement icon

    falls_csv = tmp_path / "falls.csv"
    rows = zip(days, falls(90), strict=True)
    falls_csv.write_text("day,falls\n" + "".join(f"{d},{v:g}\n" for d, v in rows))
    falls_png = tmp_path / "falls.png"
    done = spc(str(falls_csv), "--date-col", "day", "--value-col", "falls", "--kind", "auto",
               "--measure-kind", "count", "--option", "improvement_direction=decrease",
               "--png", str(falls_png))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chart"] == "t"
    assert falls_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_of_an_xmr_series_has_the_new_design_with_its_icons(tmp_path: Path) -> None:
    """An xmr series drawn by `--png` carries the variation and assurance icons, top right."""
    values = [10, 12] * 10 + [14] * 8  # a shift up after the baseline
    series = {"kind": "xmr", "dates": iso_days(len(values)), "values": values,
              "options": {"improvement_direction": "decrease", "target": 4}}  # fmt: skip
    png = tmp_path / "wait.png"
    done = spc("-", "--png", str(png), "--title", "Waiting time", stdin=json.dumps(series))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["variation_icon"] == "concern_high" and result["assurance_icon"] == "fail"
    assert _icon_pixels(png.read_bytes(), (0xE4, 0x6C, 0x0A)) > 80  # both icons in concern
