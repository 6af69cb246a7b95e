"""What an apply changed, read from the exported configuration before and after it."""

from __future__ import annotations

from typing import Any

Doc = dict[str, Any]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{…}"
    return "(none)" if value is None else str(value)


def _fields(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    """`name Ward 7 → Ward Seven; target 95 → 90` for the fields that differ."""
    parts = []
    for field in dict.fromkeys([*old, *new]):
        if field in skip or old.get(field) == new.get(field):
            continue
        parts.append(f"{field} {_shown(old.get(field))} → {_shown(new.get(field))}")
    return "; ".join(parts)


def _teams(doc: Doc) -> dict[str, dict[str, Any]]:
    found = {}
    for division in doc.get("divisions") or []:
        for team in division.get("teams") or []:
            found[team["key"]] = {**team, "division": division["key"]}
    return found


def _keyed(entries: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {str(e[key]): e for e in entries or []}


def _parts(team: str, old: dict[str, Any] | None, new: dict[str, Any], lines: list[str]) -> None:
    """Slots and measures of one team added, changed or removed."""
    old = old or {}
    for what, field, key in (("slot", "huddles", "time"), ("measure", "measures", "key")):
        before, after = _keyed(old.get(field, []), key), _keyed(new.get(field, []), key)
        for name, entry in after.items():
            if name not in before:
                detail = _shown(entry.get("days")) if what == "slot" else entry.get("kind")
                lines.append(f"{what} {name} of team '{team}' added ({detail})")
            elif before[name] != entry:
                change = _fields(before[name], entry)
                lines.append(f"{what} {name} of team '{team}' changed: {change}")
        for name in before:
            if name not in after:
                kept = " (its history is kept)" if what == "measure" else ""
                lines.append(f"{what} {name} of team '{team}' removed{kept}")


def _people(before: Doc, after: Doc, lines: list[str]) -> None:
    old, new = _keyed(before.get("people", []), "name"), _keyed(after.get("people", []), "name")
    for name, person in new.items():
        was = old.get(name)
        if was is None:
            lines.append(f"person '{name}' added")
        elif _fields(was, person, skip=("roles",)):
            lines.append(f"person '{name}' changed: {_fields(was, person, skip=('roles',))}")
        held = set((was or {}).get("roles", []))
        for role in person.get("roles", []):
            if role not in held:
                lines.append(f"role {role} granted to '{name}'")
        for role in (was or {}).get("roles", []):
            if role not in person.get("roles", []):
                lines.append(f"role {role} revoked from '{name}'")
    for name, person in old.items():
        if name not in new:
            roles = ", ".join(person.get("roles", [])) or "none"
            lines.append(f"person '{name}' retired: no longer recognised, roles revoked ({roles})")


def changes(before: Doc, after: Doc) -> list[str]:
    """One line per team, division, measure, slot, person and role added, changed or removed."""
    lines: list[str] = []
    if before.get("trust") != after.get("trust"):
        change = _fields(before.get("trust") or {}, after.get("trust") or {})
        lines.append(f"trust changed: {change}" if before.get("trust") else "trust created")
    old_divisions = _keyed(before.get("divisions", []), "key")
    for key, division in _keyed(after.get("divisions", []), "key").items():
        was = old_divisions.get(key)
        if was is None:
            lines.append(f"division '{key}' added ({division.get('name')})")
        elif _fields(was, division, skip=("teams",)):
            lines.append(f"division '{key}' changed: {_fields(was, division, skip=('teams',))}")
    new_divisions = {d.get("key") for d in after.get("divisions", [])}
    for key in old_divisions:
        if key not in new_divisions:
            lines.append(f"division '{key}' retired: its history is kept, its channels released")
    old_teams, new_teams = _teams(before), _teams(after)
    for key, team in new_teams.items():
        was = old_teams.get(key)
        if was is None:
            lines.append(f"team '{key}' added ({team.get('name')}, division {team['division']})")
        elif _fields(was, team, skip=("huddles", "measures")):
            change = _fields(was, team, skip=("huddles", "measures"))
            lines.append(f"team '{key}' changed: {change}")
        _parts(key, was, team, lines)
    for key in old_teams:
        if key not in new_teams:
            lines.append(f"team '{key}' retired: its history is kept, its schedules stopped")
    _people(before, after, lines)
    for block in ("retention", "visits"):
        if before.get(block) != after.get(block):
            lines.append(f"{block} settings changed")
    return lines
