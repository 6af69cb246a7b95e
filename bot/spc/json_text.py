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
from itertools import chain, repeat
from typing import Any

from bot.spc.json_contract import XMR_REASON, Series, analyse, judged, judged_group, to_json
from bot.spc.options import XmrOptions
from bot.spc.results import LimitsGroup, XmrResult
from bot.spc.xmr import POINT_TYPES, SHORT_GROUP_ROWS, VARIATION, _assurance, _warnings
from bot.spc.xmr_batch import FLAGS, RULES, SIDES, WAYS, Bucket, analyse_in_buckets

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
        self.rows[key] = piece = self.row_text(key)
        return piece

    @staticmethod
    def row_text(key: tuple[Any, ...]) -> str:
        """The rest of a point after its limits, and the separator before the next point."""
        side, outside, close, rule, way, kind, short = key
        return (
            f', "relative_to_mean": {"null" if side is None else side}, '
            f'"outside_limits": {JSON_WORDS[outside]}, "close_to_limits": {JSON_WORDS[close]}, '
            f'"rule": {json.dumps(rule)}, "direction": {json.dumps(way)}, '
            f'"point_type": {json.dumps(kind)}, "short_group": {JSON_WORDS[short]}}}, '
        )


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
    return _result(
        points, result.variation_icon if icons else None,
        result.assurance_icon if icons else None, list(result.warnings),
    )  # fmt: skip


def _row_table(bucket: Bucket) -> list[str]:
    """Every row ending a bucket's codes can stand for, by code (see `_codes`)."""
    types = POINT_TYPES[bucket.options.improvement_direction]
    short = bucket.side.shape[1] < SHORT_GROUP_ROWS
    table = []
    for code in range(4 * 3 * 3 * 5 * 3):
        side, outside, close = code % 4, code // 4 % 3, code // 12 % 3
        rule, way = code // 36 % 5, code // 180
        key = (SIDES[side], FLAGS[outside], FLAGS[close], RULES[rule], WAYS[way])
        table.append(Pieces.row_text((*key, types[WAYS[way]], short)))
    return table


def bucket_texts(bucket: Bucket, pieces: Pieces) -> list[str]:
    """A bucket's series as `json.dumps(to_json(result))` writes them, straight from the codes."""
    options = bucket.options
    codes = bucket.side + 4 * bucket.outside + 12 * bucket.close + 36 * bucket.rule
    codes = (codes + 180 * bucket.way).tolist()
    table = _row_table(bucket)
    types = POINT_TYPES[options.improvement_direction]
    last_ways = bucket.way[:, -1].tolist()
    starts: dict[int, list[str]] = {}
    out = []
    for k, group in enumerate(bucket.groups):
        days = bucket.dates[k]
        begun = starts.get(id(days))
        if begun is None:
            starts[id(days)] = begun = _lookup(pieces.dates, days, pieces.date)
        rows = map(table.__getitem__, codes[k])
        both = zip(begun, pieces.values(bucket.values[k]), repeat(_group(group)), rows)
        points = "".join(chain.from_iterable(both))[:-2]
        kind = types[WAYS[last_ways[k]]]
        icons = judged_group(group)
        variation = VARIATION.get((options.improvement_direction, kind), "common_cause")
        out.append(
            _result(
                points, variation if icons else None,
                _assurance(options, group) if icons else None, _warnings([group], set()),
            )
        )  # fmt: skip
    return out


def _result(points: str, variation: str | None, assurance: str | None, warnings: list[str]) -> str:
    return (
        '{"chart": "xmr", "reason": ' + json.dumps(XMR_REASON) + ', "points": [' + points
        + '], "variation_icon": ' + json.dumps(variation) + ', "assurance_icon": '
        + json.dumps(assurance) + ', "warnings": ' + json.dumps(warnings) + "}"
    )  # fmt: skip


def body_text(many: Sequence[Series]) -> str:
    """Every series analysed and written, in input order, as the items of a JSON list."""
    xmr = [i for i, s in enumerate(many) if isinstance(s.options, XmrOptions)]
    work = [(many[i].dates, many[i].values, many[i].options) for i in xmr]
    singles, buckets = analyse_in_buckets(work)  # type: ignore[arg-type]
    pieces = Pieces()
    texts: list[str | None] = [None] * len(many)
    for bucket in buckets:
        for j, text in zip(bucket.members, bucket_texts(bucket, pieces), strict=True):
            texts[xmr[j]] = text
    for j, result in enumerate(singles):
        if result is not None:
            texts[xmr[j]] = xmr_text(result, pieces)
    for i, s in enumerate(many):
        if texts[i] is None:
            texts[i] = json.dumps(to_json(analyse(s)), allow_nan=False)
    return ", ".join(texts)  # type: ignore[arg-type]


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
