"""Escaping plain text for Teams, so user text can neither format, link, mention nor template."""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]~|])")  # emphasis, code, links, strike-through, tables
_LINE_START = re.compile(
    r"^(\s*)([#>+\-]|\d+(?=\.(?:\s|$)))", re.MULTILINE
)  # headings, quotes, lists
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_ZERO_WIDTH = "\u200b"


def _defuse_templates(text: str) -> str:
    # Adaptive Cards expand {{DATE(...)}} and {{TIME(...)}}; a zero-width space breaks the braces.
    return text.replace("{{", "{" + _ZERO_WIDTH + "{").replace("}}", "}" + _ZERO_WIDTH + "}")


def _escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", _defuse_templates(text))
    text = _LINE_START.sub(_escape_line_start, text)
    # Leading spaces would make Markdown code blocks; no-break spaces keep the indent only.
    return _INDENT.sub(lambda m: "\u00a0" * len(m.group(0)), text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # "1." is escaped as "1\." (a backslash before a digit would show); "-" as "\-".
    return indent + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def escape_markdown(text: str) -> str:
    """Plain text for an Adaptive Card TextBlock (Markdown, no HTML)."""
    return _escape(text)


def escape_message(text: str) -> str:
    """Plain text for a Teams message body, which renders Markdown and a little HTML (`<at>`)."""
    html_safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _escape(html_safe).replace("\n", "\n\n")


def bold(text: str) -> str:
    return f"**{escape_message(text)}**"
