"""The `huddlebot spc` output as JSON text, written without a dictionary per point.

An XmR point's text is put together from pieces that repeat: the date (shared by every series with
those dates), the value, its limits group and the rest of the row (one of a few combinations).
The text is exactly what `json.dumps(to_json(result))` writes; anything else goes through it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date
from itertools import chain
from typing import Any

from bot.spc.export import XMR_REASON, judged, to_json
from bot.spc.results import LimitsGroup, XmrResult

JSON_WORDS: dict[Any, str] = {None: "null", True: "true", False: "false"}


class Pieces:
    """Text already written, kept for the next series: dates and row endings."""

    def __init__(self) -> None:
        self.dates: dict[Any, str] = {}
        self.rows: dict[tuple[Any, ...], str] = {}
        self.numbers: dict[float | None, str] = {None: "null"}

    def values(self, values: Sequence[float | None]) -> list[str]:
        """Values as JSON writes them; a value seen before is not written again."""
        found = list(map(self.numbers.get, values))
        if None in found:
            for i, (v, text) in enumerate(zip(values, found, strict=True)):
                if text is None:
                    found[i] = text = float.__repr__(v)  # type: ignore[arg-type]
                    if v != 0 and len(self.numbers) < 200_000:  # -0.0 equals 0.0: never kept
                        self.numbers[v] = text
        return found  # type: ignore[return-value]

    def date(self, day: Any) -> str:
        text = day.isoformat() if isinstance(day, date) else str(day)
        self.dates[day] = piece = '{"date": ' + json.dumps(text) + ', "value": '
        return piece

    def row(self, key: tuple[Any, ...]) -> str:
        side, outside, close, rule, way, kind, short = key
        self.rows[key] = piece = (
            f', "relative_to_mean": {"null" if side is None else side}, '
            f'"outside_limits": {JSON_WORDS[outside]}, "close_to_limits": {JSON_WORDS[close]}, '
            f'"rule": {json.dumps(rule)}, "direction": {json.dumps(way)}, '
            f'"point_type": {json.dumps(kind)}, "short_group": {JSON_WORDS[short]}}}, '
        )
        return piece


def _number(x: float | None) -> str:
    return "null" if x is None or not math.isfinite(x) else float.__repr__(x)


def _group(g: LimitsGroup) -> str:
    return (
        f', "rebase_group": {g.number}, "mean": {_number(g.mean)}, "lpl": {_number(g.lpl)}, '
        f'"upl": {_number(g.upl)}'
    )


def _lookup(table: dict[Any, str], keys: Sequence[Any], make: Any) -> list[str]:
    found = list(map(table.get, keys))
    if None in found:
        found = [table.get(k) or make(k) for k in keys]
    return found  # type: ignore[return-value]


def xmr_text(result: XmrResult, pieces: Pieces) -> str:
    """One XmR result as `json.dumps(to_json(result))` writes it."""
    n = len(result.dates)
    starts = _lookup(pieces.dates, result.dates, pieces.date)
    values = pieces.values(result.values)
    if len(result.groups) == 1:
        groups = [_group(result.groups[0])] * n
        shorts = [result.groups[0].short] * n
    else:
        texts = [_group(g) for g in result.groups]
        groups = list(map(texts.__getitem__, result.group_of_row))
        shorts = [result.groups[k].short for k in result.group_of_row]
    keys = list(
        zip(
            result.relative_to_mean, result.outside_limits, result.close_to_limits, result.rule,
            result.direction, result.point_type, shorts, strict=True,
        )
    )  # fmt: skip
    rows = _lookup(pieces.rows, keys, pieces.row)
    points = "".join(chain.from_iterable(zip(starts, values, groups, rows, strict=True)))[:-2]
    icons = judged(result)
    return (
        '{"chart": "xmr", "reason": ' + json.dumps(XMR_REASON) + ', "points": ['
        + points + '], "variation_icon": '
        + json.dumps(result.variation_icon if icons else None) + ', "assurance_icon": '
        + json.dumps(result.assurance_icon if icons else None) + ', "warnings": '
        + json.dumps(list(result.warnings)) + "}"
    )  # fmt: skip


def results_body(results: Sequence[Any]) -> str:
    """The result objects in order, separated as in a JSON list (without its brackets)."""
    pieces = Pieces()
    return ", ".join(
        xmr_text(r, pieces) if isinstance(r, XmrResult) else json.dumps(to_json(r), allow_nan=False)
        for r in results
    )


def results_text(results: Sequence[Any], many: bool) -> str:
    """The command's output: one result object, or a list of them in input order."""
    body = results_body(results)
    return "[" + body + "]" if many else body
