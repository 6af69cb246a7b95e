"""Checking what divisions and the trust add to the file: their huddles, their own measures, and
measures derived from their teams' measures (`sum_of: falls`, `mean_of: staffing`)."""

from __future__ import annotations

from typing import Any

DERIVED_FIELDS = ("sum_of", "mean_of", "weighted_by")
SUMMED_KINDS = ("count", "number", "minutes")  # a total of these still means something
AVERAGED_KINDS = ("percent", "number", "score", "minutes")
DENOMINATOR = "denominator"  # weighted_by: each reading's own whole (23 of 23/25)


def check_derived(entry: dict[str, Any], kind: str, where: str, fail: Any) -> dict[str, str]:
    """`{"sum_of": "falls"}`, `{"mean_of": "staffing", "weighted_by": "beds"}` or `{}`."""
    given = {f: entry[f] for f in DERIVED_FIELDS if entry.get(f) is not None}
    if not given:
        return {}
    for name, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise fail(where, name, "must name a measure key of the teams, like falls")
    derived = {k: str(v).strip().lower() for k, v in given.items()}
    if "sum_of" in derived and "mean_of" in derived:
        raise fail(where, "mean_of", "a measure is either a sum_of or a mean_of, not both")
    if "weighted_by" in derived and "mean_of" not in derived:
        raise fail(where, "weighted_by", "only a mean_of is weighted")
    if "sum_of" in derived and kind not in SUMMED_KINDS:
        raise fail(
            where, "sum_of", f"a {kind} cannot be added up (use a {', '.join(SUMMED_KINDS)})"
        )
    if "mean_of" in derived and kind not in AVERAGED_KINDS:
        raise fail(
            where, "mean_of", f"a {kind} has no mean here (use a {', '.join(AVERAGED_KINDS)})"
        )
    if entry.get("anonymous"):
        raise fail(where, "anonymous", "a measure made from the teams' measures is not answered")
    return derived


def check_role(base: str, place: str, team_keys: set[str], division_keys: set[str]) -> str | None:
    """Why a role's `:<key>` part is wrong, or None."""
    if base in ("team_lead", "member") and place not in team_keys:
        return "names no known team (use {base}:<team key>)"
    if base in ("division_lead", "division_member") and place not in division_keys:
        return "names no known division (use {base}:<division key>)"
    return None


def response_hours(value: Any, where: str, fail: Any) -> float | int | None:
    """Hours a tier has to respond: a number above 0 (None: by the end of the next working day)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise fail(where, "response_hours", f"must be a number of hours above 0, not {value!r}")
    return value
