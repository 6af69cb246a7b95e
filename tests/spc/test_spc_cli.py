"""`huddlebot spc` as an analyst runs it: JSON or CSV in, JSON out (the command line run in this
process; tests/spc/test_spc_cli_auto.py runs it as its own process too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit.cli import Ran, run_cli

BASE_DATES = [f"2027-01-{d:02d}" for d in range(1, 14)]


def spc(*args: str, stdin: str = "") -> Ran:
    return run_cli(None, "spc", *args, stdin=stdin)


def test_one_series_object_gives_one_result_object_sorted_by_date() -> None:
    series = {
        "kind": "xmr",
        "dates": ["2027-01-03", "2027-01-01", "2027-01-02"],
        "values": [30, 10, None],
        "options": {"target": 5, "improvement_direction": "decrease"},
    }
    done = spc("-", stdin=json.dumps(series))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {
        "chart", "reason", "points", "variation_icon", "assurance_icon", "warnings",
    }  # fmt: skip
    assert result["chart"] == "xmr" and "XmR" in result["reason"]
    assert [p["date"] for p in result["points"]] == ["2027-01-01", "2027-01-02", "2027-01-03"]
    middle = result["points"][1]
    assert middle["value"] is None and middle["relative_to_mean"] is None
    assert result["points"][0]["mean"] == 20  # (10 + 30) / 2
    assert result["points"][0]["upl"] is None  # the gap leaves no moving range
    assert set(middle) == {
        "date", "value", "rebase_group", "mean", "lpl", "upl", "relative_to_mean",
        "outside_limits", "close_to_limits", "rule", "direction", "point_type", "short_group",
    }  # fmt: skip
    assert result["assurance_icon"] is None  # limits undefined: no icon (issue 15)


def test_a_list_gives_a_list_in_the_same_order(tmp_path: Path) -> None:
    rising = list(range(1, 17))
    series = [
        {"kind": "run", "dates": [f"2027-02-{d:02d}" for d in range(1, 17)], "values": rising},
        {"kind": "xmr", "dates": BASE_DATES, "values": [12, 10] * 6 + [17],
         "options": {"fix_after_n_points": 12}},
    ]  # fmt: skip
    path = tmp_path / "series.json"
    path.write_text(json.dumps(series))
    done = spc(str(path))
    assert done.returncode == 0, done.stderr
    run, xmr = json.loads(done.stdout)
    assert run["parts"] == [
        {"centre": 8.5, "n_obs": 16, "n_useful": 16, "longest_run": 8, "longest_run_max": 7,
         "n_crossings": 1, "n_crossings_min": 4, "runs_signal": True}
    ]  # fmt: skip
    assert run["points"][0] == {"date": "2027-02-01", "value": 1, "part": 1, "median": 8.5}
    assert xmr["points"][-1]["rule"] == "outside_limits"
    assert xmr["variation_icon"] == "improvement_high"


def test_csv_with_columns_and_options(tmp_path: Path) -> None:
    values = [12, 10] * 6 + [""]
    rows = ["day,falls,ward"] + [f"{d},{v},7" for d, v in zip(BASE_DATES, values, strict=True)]
    path = tmp_path / "falls.csv"
    path.write_text("\n".join(rows) + "\n")
    png = tmp_path / "falls.png"
    done = spc(
        str(path), "--date-col", "day", "--value-col", "falls",
        "--option", "improvement_direction=decrease", "--option", "target=20", "--png", str(png),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["points"][-1]["value"] is None
    assert result["assurance_icon"] == "pass"  # 20 is above the UPL 16.32 and lower is better
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("series", "words"),
    [
        ({"dates": ["2027-01-01", "2027-01-01"], "values": [1, 2]}, "more than once"),
        ({"dates": ["2027-01-01"], "values": [1, 2]}, "1 dates but 2 values"),
        ({"dates": ["2027-01-01"], "values": [1], "options": {"colour": "red"}}, "colour"),
        ({"dates": ["2027-01-01"], "values": ["seven"]}, "must be a number"),
        ({"dates": ["2027-02-30"], "values": [1]}, "2027-02-30"),
        ({"kind": "run", "dates": ["2027-01-01"], "values": [1], "options": {"target": 1}},
         "target"),
    ],
)  # fmt: skip
def test_invalid_input_exits_2_with_one_line_naming_the_series(series: dict, words: str) -> None:
    good = {"dates": ["2027-01-01"], "values": [1]}
    done = spc("-", stdin=json.dumps([good, series]))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "series 2" in lines[0] and words in lines[0]


def test_input_that_is_not_json_exits_2() -> None:
    done = spc("-", stdin="{not json")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_awkward_but_valid_series_never_crash() -> None:
    awkward = [
        {"dates": [], "values": []},
        {"dates": ["2027-01-01"], "values": [None]},
        {"dates": BASE_DATES, "values": [4] * 13},
        {"kind": "run", "dates": BASE_DATES[:3], "values": [None, None, None]},
        {"dates": BASE_DATES[:3], "values": [1, 2, 3], "options": {"rebase": [BASE_DATES[0]]}},
    ]
    done = spc("-", stdin=json.dumps(awkward))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 5


def test_csv_with_a_word_for_a_number_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "falls.csv"
    path.write_text("day,falls\n2027-01-01,3\n2027-01-02,three\n")
    done = spc(str(path), "--date-col", "day", "--value-col", "falls")
    assert done.returncode == 2
    assert "line 3" in done.stderr and "three" in done.stderr
