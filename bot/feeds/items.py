"""One fed reading as it arrives (a JSON item or a CSV line), before it is checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.huddle.kinds import number_text

MAX_SOURCE = 120  # characters in a source's name ("bed-state feed")
FIELDS = ("team", "measure", "date", "value", "numerator", "denominator", "source")


@dataclass(frozen=True)
class FedItem:
    """A reading a feed sends: the value as it would be typed (`96`, `23/25`, `yes`)."""

    index: int  # the item's position (0-based) in a request, or its line in a file
    team: str
    measure: str
    day: date
    raw: str
    source: str
    field: str = "value"  # where the value came from: "value", or "numerator" for two parts


@dataclass(frozen=True)
class ItemProblem:
    """Why an item was not taken, naming the item and its field; never echoes its text."""

    index: int
    field: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "problem": self.problem}


def _typed(value: Any) -> str | None:
    """A JSON or CSV value as a person would type it (None when it is not a value)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_text(float(value))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_item(raw: Any, index: int) -> FedItem | list[ItemProblem]:
    """The item, or every problem with its shape (the measure's own checks come later)."""
    if not isinstance(raw, Mapping):
        return [ItemProblem(index, "", "each item must be an object")]
    problems = []
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        problems.append(ItemProblem(index, unknown[0], "is not a field of a reading"))
    texts: dict[str, str] = {}
    for name in ("team", "measure", "date", "source"):
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(ItemProblem(index, name, "is required (text)"))
        else:
            texts[name] = value.strip()
    day = None
    if "date" in texts:
        try:
            day = date.fromisoformat(texts["date"])
        except ValueError:
            problems.append(ItemProblem(index, "date", "is not a date like 2027-03-01"))
    if len(texts.get("source", "")) > MAX_SOURCE:
        problems.append(ItemProblem(index, "source", f"is longer than {MAX_SOURCE} characters"))
    value, top, bottom = raw.get("value"), raw.get("numerator"), raw.get("denominator")
    typed = None
    if not _blank(value):
        if not _blank(top) or not _blank(bottom):
            problems.append(
                ItemProblem(index, "value", "give a value or numerator and denominator, not both")
            )
        elif (typed := _typed(value)) is None:
            problems.append(ItemProblem(index, "value", "is not a number, a fraction or yes/no"))
    elif _blank(top) and _blank(bottom):
        problems.append(ItemProblem(index, "value", "is required (or numerator and denominator)"))
    else:
        parts = [(name, _typed(v)) for name, v in (("numerator", top), ("denominator", bottom))]
        for name, part in parts:
            if part is None or isinstance(raw.get(name), bool):
                problems.append(ItemProblem(index, name, "is required with the other, a number"))
        if not problems:
            typed = f"{parts[0][1]}/{parts[1][1]}"
    if problems or typed is None or day is None:
        return problems
    field = "value" if not _blank(value) else "numerator"
    team, measure = texts["team"].lower(), texts["measure"].lower()
    return FedItem(index, team, measure, day, typed, texts["source"], field)
