"""`huddlebot spc`: SPC (XmR) and run-chart analysis of an analyst's own data.

Input: a JSON file (or `-` for standard input) holding one series object or a list of them, or a
CSV file with --date-col and --value-col. Output: JSON on standard output, one result per series
in input order, each saying its "chart" and the "reason" for it. `"kind": "auto"` with a
`"measure"` ({"kind", "direction", "target", "min", "max"}) makes the bot's own choice (XmR,
T-chart, G-chart or run chart) and verdict. Invalid input exits 2 with one line on standard error
naming the series.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.spc.json_auto import KINDS
from huddlebot.commands.spc_split import HalfFailed, split_work

MISSING = {"", "na", "n/a", "null", "none", "nan"}


class InputProblem(Exception):
    """Bad input, already worded for the one line on standard error."""

    input_problem = True  # reported as such from a forked half too


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="huddlebot spc",
        description="SPC (Making Data Count XmR) and run-chart analysis of your own data.",
    )
    p.add_argument("input", help="JSON file with a series object or a list of them, a CSV, or -")
    p.add_argument("--date-col", help="CSV: the column holding dates (YYYY-MM-DD)")
    p.add_argument("--value-col", help="CSV: the column holding values (blank or NA = missing)")
    p.add_argument(
        "--kind", choices=("xmr", "run", "auto"), default="xmr",
        help="CSV: the chart kind (auto: the chart the bot would choose for the measure)",
    )  # fmt: skip
    p.add_argument(
        "--measure-kind", choices=KINDS, default=None,
        help="CSV with --kind auto: the measure's kind (count, percent, score …)",
    )  # fmt: skip
    p.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE",
        help="CSV: a chart option, e.g. improvement_direction=decrease, target=5, "
        "rebase=2027-03-01,2027-06-01, part=12 (repeatable)",
    )  # fmt: skip
    p.add_argument("--png", metavar="FILE", help="also draw the chart as PNG (one series only)")
    p.add_argument("--title", default="", help="chart title for --png")
    p.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    return p


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputProblem(f"cannot read {source}: {e.strerror or e}") from None


def _option_value(key: str, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    if key in ("rebase", "part"):
        items = [t.strip() for t in text.split(",") if t.strip()]
        return [int(t) if t.lstrip("-").isdigit() else t for t in items]
    return text


def _csv_series(text: str, args: argparse.Namespace) -> dict[str, Any]:
    """One series object from CSV rows (blank, NA or null cells are missing values)."""
    if not args.date_col or not args.value_col:
        raise InputProblem("CSV input needs both --date-col and --value-col")
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = list(rows[0]) if rows else []
    for col in (args.date_col, args.value_col):
        if rows and col not in rows[0]:
            raise InputProblem(f"no column {col!r} in the CSV (columns: {', '.join(columns)})")
    values: list[float | None] = []
    for line, row in enumerate(rows, start=2):
        cell = (row[args.value_col] or "").strip()
        if cell.lower() in MISSING:
            values.append(None)
            continue
        try:
            values.append(float(cell.replace(",", "")))
        except ValueError:
            raise InputProblem(
                f"series 1 (index 0): CSV line {line}: value {cell!r} is not a number"
            ) from None
    options: dict[str, Any] = {}
    for item in args.option:
        key, sep, raw = item.partition("=")
        if not sep:
            raise InputProblem(f"--option {item!r} should look like key=value")
        options[key.strip()] = _option_value(key.strip(), raw.strip())
    dates = [(row[args.date_col] or "").strip() for row in rows]
    series = {"kind": args.kind, "dates": dates, "values": values, "options": options}
    if args.measure_kind:
        if args.kind != "auto":
            raise InputProblem("--measure-kind applies to --kind auto")
        series["measure"] = {"kind": args.measure_kind}
    return series


def _load(args: argparse.Namespace) -> tuple[list[Any], bool]:
    """The series objects, and whether the input was a list."""
    text = _read_text(args.input)
    is_csv = bool(args.date_col or args.value_col) or args.input.lower().endswith(".csv")
    if is_csv:
        return [_csv_series(text, args)], False
    if args.option:
        raise InputProblem("--option applies to CSV input; put options in each JSON series")
    try:
        data = json.loads(text)
    except ValueError as e:
        raise InputProblem(f"input is not valid JSON: {e}") from None
    if isinstance(data, list):
        return data, True
    return [data], False


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from bot.spc import SpcInputError, series_from_json, to_json
    from bot.spc.json_contract import DatesMemo, Series, analyse_all
    from bot.spc.json_text import body_text

    def check(objects: Sequence[Any], start: int) -> list[Series]:
        memo = DatesMemo()
        checked = []
        for i, obj in enumerate(objects, start):
            try:
                checked.append(series_from_json(obj, memo))
            except SpcInputError as e:
                raise InputProblem(f"series {i + 1} (index {i}): {e}") from None
        return checked

    def text(objects: Sequence[Any], start: int) -> bytes:
        return body_text(check(objects, start)).encode()

    try:
        objects, many = _load(args)
        if args.png and len(objects) != 1:
            raise InputProblem(f"--png draws one series, but the input holds {len(objects)}")
        if args.indent is None and not args.png:
            return _write(split_work(objects, text), many)
        checked = check(objects, 0)
    except (InputProblem, HalfFailed) as e:
        if isinstance(e, HalfFailed) and e.code != b"E":
            print(f"huddlebot spc: internal error\n{e}", file=sys.stderr)
            return 1
        print(f"huddlebot spc: {e}", file=sys.stderr)
        return 2
    shown = [to_json(r) for r in analyse_all(checked)]
    print(json.dumps(shown if many else shown[0], indent=args.indent, allow_nan=False))
    if args.png:
        try:
            _draw(checked[0], args.png, args.title or Path(args.input).stem)
        except OSError as e:
            print(f"huddlebot spc: cannot write {args.png}: {e.strerror or e}", file=sys.stderr)
            return 1
    return 0


def _write(pieces: list[bytes], many: bool) -> int:
    """The result text, as it is, onto standard output (no copy of the whole)."""
    sys.stdout.flush()
    out = sys.stdout.buffer
    out.write(b"[" if many else b"")
    for k, piece in enumerate(pieces):
        if k and piece:
            out.write(b", ")
        out.write(piece)
    out.write(b"]\n" if many else b"\n")
    out.flush()
    return 0


def _draw(series: Any, path: str, title: str) -> None:
    """The series' chart, in the design of a measure's chart (icons, labelled mean, limits)."""
    from bot.spc import XmrOptions
    from bot.spc.drawing.render import render_png
    from bot.spc.drawing.spec import ChartSpec
    from bot.spc.json_auto import AutoOptions

    options = series.options
    title = title if title != "-" else "Chart"
    if isinstance(options, AutoOptions):
        from huddlebot.commands.spc_auto_chart import auto_chart

        Path(path).write_bytes(render_png(auto_chart(series.dates, series.values, options, title)))
        return
    xmr = isinstance(options, XmrOptions)
    spec = ChartSpec(
        title=title,
        kind=series.kind,
        dates=series.dates,
        values=series.values,
        options=options,
        target=options.target if xmr else None,
        improvement_direction=options.improvement_direction if xmr else "increase",
    )
    Path(path).write_bytes(render_png(spec))
