"""A measure's warehouse pull in the configuration:
`source: {sql: "SELECT …", url_env: WAREHOUSE_URL, at: "07:30", name: bed-state feed}`."""

from __future__ import annotations

import re
from typing import Any

_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_READS = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)
FIELDS = ("sql", "url_env", "at", "name")


def check_source(raw: Any, anonymous: bool, where: str, fail: Any) -> dict[str, str]:
    """The pull as stored (empty when the measure is typed by staff)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail(where, "source", 'must be a mapping: {sql: …, url_env: …, at: "07:30"}')
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise fail(where, "source", f"unknown field {unknown[0]!r} (expected {', '.join(FIELDS)})")
    if anonymous:
        raise fail(where, "source", "an anonymous measure is answered by staff: it cannot be fed")
    sql, env, at = (str(raw.get(k) or "").strip() for k in ("sql", "url_env", "at"))
    if not _READS.match(sql):
        raise fail(where, "source", "sql must be one query that starts with SELECT or WITH")
    if not _ENV.match(env):
        raise fail(where, "source", "url_env names an environment variable, e.g. WAREHOUSE_URL")
    if not _TIME.match(at):
        raise fail(where, "source", f"at {at!r} is not a time like 07:30")
    out = {"sql": sql, "url_env": env, "at": at}
    name = str(raw.get("name") or "").strip()
    if name:
        if len(name) > 120:
            raise fail(where, "source", "name is longer than 120 characters")
        out["name"] = name
    return out
