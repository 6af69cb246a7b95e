"""Undo the disguises: HTML, compatibility forms, invisible characters, odd separators."""

from __future__ import annotations

import html
import re
import unicodedata

# An HTML tag, not chat markup like <https://link|label> or <@U123> (labels are read as text).
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,20}(?:\s[^<>]{0,200})?/?>")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
_SPACES = re.compile(r"[^\S\n]+")
_UNUSUAL = re.compile(r"[^\x20-\x7e\n]")  # only these need a look (fast on plain ASCII)
# Between two digits: any run of spaces, dots, slashes, dashes, underscores, brackets and chat
# formatting marks (*bold*, ~strike~, `code`).
_SEPARATORS = r"[\s./\\_\-()*~`]+"
_BETWEEN_DIGITS = re.compile(rf"(?<=\d){_SEPARATORS}(?=\d)")


def _decoded(text: str) -> str:
    """HTML tags become spaces; entities (even twice encoded) become their characters."""
    for _ in range(3):
        text = _TAG.sub(" ", text)
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _plain(ch: str) -> str:
    """A character as the guard reads it: invisible ones dropped, any decimal digit as 0-9."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category.startswith("Z") or (category == "Cc" and ch not in "\n"):
        return " "
    return ch


def normalised(text: str) -> str:
    """The text as a reader sees it: NFKC, no tags or entities, no invisible characters, plain
    dashes and spaces."""
    text = unicodedata.normalize("NFKC", _decoded(text))
    text = _UNUSUAL.sub(lambda m: _plain(m.group()), text).translate(_DASHES)
    return _SPACES.sub(" ", text)


def digit_groups(text: str) -> list[list[str]]:
    """Runs of digit groups joined only by separators: `943 476-5919` gives 943, 476, 5919."""
    runs: list[list[str]] = []
    for match in re.finditer(rf"\d+(?:{_SEPARATORS}\d+)*", text):
        runs.append(re.findall(r"\d+", match.group()))
    return runs


def joined_digits(text: str) -> str:
    """The text with every separator between two digits removed."""
    return _BETWEEN_DIGITS.sub("", text)
