"""Options of an XmR ("Making Data Count") chart and of a run chart, checked on the way in.

Defaults reproduce the reference implementations (NHSRplotthedots 0.2.2, qicharts2 0.8.1); the
Making Data Count variants of spc-rules §9 are opt-in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


class SpcInputError(ValueError):
    """A series or option the analysis cannot accept (a duplicate date, an unknown option …)."""


Day = date | datetime

DIRECTIONS = ("increase", "decrease", "neutral")


@dataclass(frozen=True)
class XmrOptions:
    improvement_direction: str = "increase"
    target: float | None = None
    rebase: tuple[Day, ...] = ()
    fix_after_n_points: int | None = None
    screen_outliers: bool = True
    shift_length: int = 7
    trend_length: int = 7
    two_of_three_counts_beyond_limits: bool = False
    conflict_resolution: str = "rule_precedence"  # | "improvement_wins"
    trend_ties: str = "break"  # | "ignore"
    centre_line_points: str = "break_run"  # | "skip"


@dataclass(frozen=True)
class RunOptions:
    freeze: int | None = None
    part: tuple[int, ...] = ()
    centre: float | None = None


def parse_day(text: Any) -> Day:
    """An ISO date ("2027-01-01"), or a date-time; raises SpcInputError otherwise."""
    if isinstance(text, datetime | date):
        return text
    if not isinstance(text, str):
        raise SpcInputError(f"date {text!r} is not a string")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SpcInputError(f"date {text!r} is not an ISO date (YYYY-MM-DD)") from None
    if moment.tzinfo is not None:  # compare as UTC wall times, so zoned and plain dates mix
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment if moment.time() != datetime.min.time() else moment.date()


def number(name: str, raw: Any, allow_none: bool = True) -> float | None:
    """A finite number (not a boolean); None passes when allowed."""
    if raw is None and allow_none:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise SpcInputError(f"{name} must be a number, not {_shown(raw)}")
    try:
        value = float(raw)
    except OverflowError:  # a whole number beyond any float (JSON allows 1e400 written out)
        value = math.inf
    if not math.isfinite(value):
        raise SpcInputError(f"{name} must be a finite number, not {raw!r}")
    return value


def _integer(name: str, raw: Any, minimum: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
        raise SpcInputError(f"{name} must be a whole number, not {raw!r}")
    if raw < minimum:
        raise SpcInputError(f"{name} must be at least {minimum}, not {raw!r}")
    return int(raw)


def _flag(name: str, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise SpcInputError(f"{name} must be true or false, not {raw!r}")
    return raw


def _choice(name: str, raw: Any, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise SpcInputError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return str(raw)


def xmr_options(raw: Mapping[str, Any] | None) -> XmrOptions:
    """XmR options from a JSON-like mapping; unknown names and bad values raise SpcInputError."""
    raw = dict(raw or {})
    known = XmrOptions.__dataclass_fields__
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise SpcInputError(f"unknown option {unknown[0]!r} for an XmR chart")
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "improvement_direction":
            out[name] = _choice(name, value, DIRECTIONS)
        elif name == "target":
            out[name] = number(name, value)
        elif name == "rebase":
            if value is None:
                value = []
            if isinstance(value, str) or not isinstance(value, list | tuple):
                raise SpcInputError(f"rebase must be a list of dates, not {value!r}")
            out[name] = tuple(parse_day(d) for d in value)
        elif name == "fix_after_n_points":
            out[name] = None if value is None else _integer(name, value, 12)
        elif name in ("shift_length", "trend_length"):
            out[name] = _integer(name, value, 3)
        elif name in ("screen_outliers", "two_of_three_counts_beyond_limits"):
            out[name] = _flag(name, value)
        elif name == "conflict_resolution":
            out[name] = _choice(name, value, ("rule_precedence", "improvement_wins"))
        elif name == "trend_ties":
            out[name] = _choice(name, value, ("break", "ignore"))
        elif name == "centre_line_points":
            out[name] = _choice(name, value, ("break_run", "skip"))
    return XmrOptions(**out)


def run_options(raw: Mapping[str, Any] | None) -> RunOptions:
    """Run-chart options (freeze, part, centre) from a JSON-like mapping."""
    raw = dict(raw or {})
    unknown = sorted(set(raw) - set(RunOptions.__dataclass_fields__))
    if unknown:
        raise SpcInputError(f"unknown option {unknown[0]!r} for a run chart")
    freeze = raw.get("freeze")
    part = raw.get("part") or []
    if isinstance(part, int | float) and not isinstance(part, bool):
        part = [part]
    if not isinstance(part, list | tuple):
        raise SpcInputError(f"part must be a list of positions, not {part!r}")
    return RunOptions(
        freeze=None if freeze is None else _integer("freeze", freeze, 1),
        part=tuple(_integer("part", p, 0) for p in part),
        centre=number("centre", raw.get("centre")),
    )


def _shown(raw: Any) -> str:
    """A value as the analyst wrote it in JSON (true, "12"), for error messages."""
    try:
        return json.dumps(raw)
    except (TypeError, ValueError):
        return repr(raw)
