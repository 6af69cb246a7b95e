"""Checks across entries (one id, one channel, one owner) and on values (ranges, times)."""

from __future__ import annotations

from typing import Any

from bot import platforms
from bot.config.errors import fail as _fail
from bot.config.model import MeasureConfig, TrustConfig


def channel_fields() -> dict[str, tuple[str, str]]:
    """Settings naming a channel: field -> (platform, what the trust uses it for, if its own)."""
    fields = {w.channel_key: (w.name, "") for w in platforms.registered()}
    fields.update(platforms.trust_channel_keys())
    return fields


def time_problem(value: Any) -> str:
    """Why `value` is not a time, with a hint when YAML read an unquoted time as a number."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        hours, minutes = divmod(value, 60)
        return (
            f"{value!r} is not a 24-hour time: YAML reads an unquoted {hours}:{minutes:02d} as "
            f'the number {value}; write it in quotes: "{hours:02d}:{minutes:02d}"'
        )
    return f'{str(value)!r} is not a 24-hour time like "08:30"'


def check_measure(measure: MeasureConfig, where: str) -> None:
    """Targets and limits a measure of its kind can actually take."""
    low, high, target = measure.min, measure.max, measure.target
    if measure.kind == "percent":
        for field, value in (("min", low), ("max", high), ("target", target)):
            if value is not None and not 0 <= value <= 100:
                raise _fail(where, field, f"{value:g} is not a percentage between 0 and 100")
    if measure.kind in ("count", "minutes"):
        for field, value in (("min", low), ("max", high), ("target", target)):
            if value is not None and value < 0:
                raise _fail(where, field, f"{value:g} is below 0, and a {measure.kind} cannot be")
    if measure.kind == "yesno" and target is not None and target not in (0, 1):
        raise _fail(where, "target", f"{target:g} is not 0 (no) or 1 (yes)")
    if target is not None and low is not None and target < low:
        raise _fail(where, "target", f"target {target:g} is below min {low:g}")
    if target is not None and high is not None and target > high:
        raise _fail(where, "target", f"target {target:g} is above max {high:g}")


def check_config(config: TrustConfig) -> None:
    """Every measure's range, every platform id and every channel used once."""
    for division in config.divisions:
        for team in division.teams:
            for i, measure in enumerate(team.measures):
                check_measure(measure, f"team '{team.key}', measure {i + 1} '{measure.key}'")
    ids: dict[tuple[str, str], str] = {}
    for person in config.people:
        for platform, external in person.ids:
            owner = ids.setdefault((platform, external), person.name)
            if owner != person.name:
                raise _fail(
                    f"person '{person.name}'",
                    platform,
                    f"{external!r} is already the {platforms.label(platform)} id of person "
                    f"'{owner}' "
                    "(one id belongs to one person)",
                )
    places: dict[tuple[str, str], str] = {}  # (platform, conversation) -> who declared it
    owners = [("trust", config.settings)]
    for division in config.divisions:
        owners.append((f"division '{division.key}'", division.settings))
        owners += [(f"team '{team.key}'", team.settings) for team in division.teams]
    for where, settings in owners:
        for field, (platform, use) in channel_fields().items():
            if not settings.get(field):
                continue
            who = f"{where} (as its {use} channel)" if use else where
            owner = places.setdefault((platform, str(settings[field])), who)
            if owner != who:
                raise _fail(
                    where,
                    field,
                    f"{settings[field]!r} is already the channel of {owner} "
                    "(a channel belongs to one team, division or the trust)",
                )
