"""Parsing plain-text answers never fails, whatever is typed, and reads one value a line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.huddle.parse import Pair, looks_like_answer, pairs


def test_one_value_a_line_is_read() -> None:
    found, orphans = pairs("Falls 1\nstaffing 92%\r\nmood 4\n")
    assert found == [Pair("falls", "1"), Pair("staffing", "92%"), Pair("mood", "4")]
    assert orphans == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_is_parsed_without_failing(text: str) -> None:
    found, orphans = pairs(text)
    assert all(isinstance(p, Pair) for p in found)
    assert all(o for o in orphans)
    assert looks_like_answer(text) == any(p.value for p in found)
