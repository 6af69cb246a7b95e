"""JSON for outbound values: any frozen dataclass (Post, Edit, Address, every message, chart
specs), with dates, datetimes, tuples, bytes, enums and None, so the outbox can store them.

Classes are named by qualified name and only classes from the `bot` package (or ones passed to
`register`) are ever rebuilt, so a row in the database cannot make us import arbitrary code.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
from datetime import date, datetime, time
from enum import Enum
from typing import Any

_REGISTRY: dict[str, type] = {}
_TRUSTED_PREFIX = "bot."
# Packages whose frozen values ride in the outbox and that moved, old name to new, so rows
# written before the move still rebuild.
_MOVED = {"bot.charts": "bot.spc.drawing", "bot.huddle_charts": "bot.charting"}


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def register(*classes: type) -> None:
    """Allow classes outside `bot` to cross the wire."""
    for cls in classes:
        _REGISTRY[_name(cls)] = cls


def _moved(module_name: str) -> str:
    """Where a module named in a stored row lives now."""
    if module_name in _MOVED:
        return _MOVED[module_name]
    parent, _, leaf = module_name.rpartition(".")
    if parent and parent in _MOVED:
        return f"{_MOVED[parent]}.{leaf}"
    return module_name


def _lookup(name: str) -> type:
    if name in _REGISTRY:
        return _REGISTRY[name]
    module_name, _, qualname = name.partition(":")
    module_name = _moved(module_name)
    if not module_name.startswith(_TRUSTED_PREFIX):
        raise ValueError(f"refusing to rebuild {name!r}: not a registered class")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    if not isinstance(target, type) or not (
        dataclasses.is_dataclass(target) or issubclass(target, Enum)
    ):
        raise ValueError(f"{name!r} is not a dataclass or enum")
    _REGISTRY[name] = target
    return target


def to_plain(value: Any) -> Any:
    """A JSON-able structure for `value`."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return {"$enum": _name(type(value)), "v": to_plain(value.value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$dc": _name(type(value)), "f": fields}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"$tu": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return {"$set": [to_plain(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {"$map": [[to_plain(k), to_plain(v)] for k, v in value.items()]}
    raise TypeError(f"cannot put {type(value).__name__} on the wire")


def from_plain(data: Any) -> Any:
    """Rebuild what `to_plain` produced."""
    if isinstance(data, list):
        return [from_plain(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$dc" in data:
        cls = _lookup(data["$dc"])
        return cls(**{k: from_plain(v) for k, v in data["f"].items()})
    if "$enum" in data:
        return _lookup(data["$enum"])(from_plain(data["v"]))
    if "$dt" in data:
        return datetime.fromisoformat(data["$dt"])
    if "$d" in data:
        return date.fromisoformat(data["$d"])
    if "$t" in data:
        return time.fromisoformat(data["$t"])
    if "$b" in data:
        return base64.b64decode(data["$b"])
    if "$tu" in data:
        return tuple(from_plain(v) for v in data["$tu"])
    if "$set" in data:
        return frozenset(from_plain(v) for v in data["$set"])
    if "$map" in data:
        return {from_plain(k): from_plain(v) for k, v in data["$map"]}
    raise ValueError(f"unknown wire object with keys {sorted(data)}")


def dumps(value: Any) -> str:
    return json.dumps(to_plain(value), separators=(",", ":"), sort_keys=True)


def loads(text: str) -> Any:
    return from_plain(json.loads(text))
