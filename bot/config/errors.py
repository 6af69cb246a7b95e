"""One precise complaint about the configuration: the entry, the field and what is wrong."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """One precise complaint: the entry, the field and what is wrong."""


def fail(where: str, field: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}, field '{field}': {problem}")


def mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping of keys to values")
    return value


def unknown(entry: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for name in entry:
        if name not in allowed:
            raise fail(where, str(name), f"unknown field (expected one of {', '.join(allowed)})")
