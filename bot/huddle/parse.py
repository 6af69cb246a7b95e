"""Plain-text answers: `falls 1, staffing 92%, mood 4` into (name, value) pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.huddle.kinds import KINDS

_NUM = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|-?\d+(?:[.,]\d+)?"  # 1,000 or 2,5
_TOKEN = re.compile(
    rf"{_NUM}(?:\s*/\s*(?:{_NUM}))?\s*%?|[a-z][a-z'\-]*|%|[,;\n]",
    re.IGNORECASE,
)
VALUE_WORDS = {"yes", "no", "y", "n", "none", "nil", "zero", "true", "false", "done"}
NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=1
    )
}
# A unit word after a value (each kind names its own): a percent's becomes `%`, others go.
UNITS = {word: "%" if k.suffix == "%" else "" for k in KINDS.values() for word in k.units}
FILLER = {"and", "was", "is", "are", "were", "of", "at", "today", "=", "we", "had"}


@dataclass(frozen=True)
class Pair:
    """One `name value` piece of an answer; `value` empty when no value followed the name."""

    name: str
    value: str


def _is_number(token: str) -> bool:
    return bool(token) and (token[0].isdigit() or (token[0] == "-" and len(token) > 1))


def pairs(text: str) -> tuple[list[Pair], list[str]]:
    """The pairs found, and any values that had no name before them."""
    found: list[Pair] = []
    orphans: list[str] = []
    name: list[str] = []
    tokens = [t.strip() or "\n" for t in _TOKEN.findall(text.lower())]  # a newline separates
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in (",", ";", "\n"):
            if name:
                found.append(Pair(" ".join(name), ""))
                name = []
            continue
        if token in NUMBER_WORDS and name:
            token = NUMBER_WORDS[token]
        is_value = _is_number(token) or (token in VALUE_WORDS and bool(name))
        if not is_value:
            if token not in FILLER or not name:
                name.append(token)
            continue
        if i < len(tokens) and tokens[i] in UNITS and not token.endswith("%"):
            token = f"{token}{UNITS[tokens[i]]}"
            i += 1
        if name:
            found.append(Pair(" ".join(w for w in name if w not in FILLER), token))
            name = []
        else:
            orphans.append(token)
    if name:
        found.append(Pair(" ".join(name), ""))
    return found, orphans


def looks_like_answer(text: str) -> bool:
    """At least one `name value` pair: worth treating a stray message as a huddle answer."""
    found, _ = pairs(text)
    return any(p.value for p in found)
