"""Parsing plain-text answers never fails, whatever is typed, and reads one value a line."""

from __future__ import annotations

from huddle_kit import Ward, texts
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import APOLOGY, NOT_SAVED
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


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60))
@example(text="\x00")  # PostgreSQL refuses NUL in text: it must never reach the database
def test_whatever_a_member_types_gets_an_answer_never_an_apology(ward: Ward, text: str) -> None:
    for line in (text, f"falls 1 {text}", f"/huddle escalate {text}"):
        replies = texts(ward.say("Demo Nurse", line))
        assert APOLOGY not in replies and NOT_SAVED not in replies
