"""The types an activity's fields must have before botbuilder reads it.

botbuilder (msrest) turns any value into a string where the schema says "string": a `text` or an
`id` sent as an object would become its Python form (`{'a': 1}`) and be stored as such. So each
field is checked against the schema first, and an activity with a wrongly typed field is refused.
"""

from __future__ import annotations

from typing import Any

import botbuilder.schema as schema

_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
    "iso-8601": (str,),
}


def _model(name: str) -> Any:
    found = getattr(schema, name, None)
    return found if isinstance(getattr(found, "_attribute_map", None), dict) else None


def wrong_field(data: Any, type_name: str = "Activity", path: str = "") -> str:
    """The first field (as a dotted path) whose value has the wrong type, or ""."""
    if data is None or type_name == "object":
        return ""
    if type_name in _SCALARS:
        good = isinstance(data, _SCALARS[type_name])
        if type_name != "bool" and isinstance(data, bool):
            good = False
        return "" if good else path or "the body"
    if type_name.startswith("[") and type_name.endswith("]"):
        if not isinstance(data, list):
            return path or "the body"
        for index, item in enumerate(data):
            found = wrong_field(item, type_name[1:-1], f"{path}[{index}]")
            if found:
                return found
        return ""
    if type_name.startswith("{") and type_name.endswith("}"):
        if not isinstance(data, dict):
            return path or "the body"
        for item in data.values():  # keys are the sender's words: a log names no key
            found = wrong_field(item, type_name[1:-1], f"{path}.*")
            if found:
                return found
        return ""
    model = _model(type_name)
    if model is None:
        return ""
    if not isinstance(data, dict):
        return path or "the body"
    for attribute in model._attribute_map.values():
        key = attribute["key"]
        if key in data:
            found = wrong_field(data[key], attribute["type"], f"{path}.{key}" if path else key)
            if found:
                return found
    return ""
