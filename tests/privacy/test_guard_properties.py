"""Any valid NHS number, split anywhere and joined by any mix of the disguises the issue lists,
is refused; the same digits with a failing check digit are not."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.guard import NHS_NUMBER, check_text, is_valid_nhs_number

SEPARATORS = (
    " ", "  ", ".", "/", "-", "\u2013", "\u2014", "_", "\u200b", "\u00a0", "\u2060",
    "&nbsp;", "&#8203;", "<b></b>", "</span><span>", " - ", "\t",
)  # fmt: skip


def _check_digit(nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11


nine_digits = st.text("0123456789", min_size=9, max_size=9).filter(
    lambda nine: _check_digit(nine) != 10
)


def _disguised(digits: str, cuts: list[int], seps: list[str]) -> str:
    out, last = [], 0
    for i, cut in enumerate(sorted(set(cuts))):
        out += [digits[last:cut], seps[i % len(seps)]]
        last = cut
    return "".join(out) + digits[last:]


@settings(max_examples=300, deadline=None)
@given(
    nine_digits,
    st.lists(st.integers(1, 9), max_size=9),
    st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=9),
)
def test_any_valid_nhs_number_in_any_disguise_is_refused(
    nine: str, cuts: list[int], seps: list[str]
) -> None:
    number = nine + str(_check_digit(nine))
    assert is_valid_nhs_number(number)
    text = f"Bed 4: {_disguised(number, cuts, seps)} fell"
    refusal = check_text(text, (), today=date(2027, 3, 2))
    assert refusal is not None and refusal.kind == NHS_NUMBER


@settings(max_examples=300, deadline=None)
@given(nine_digits, st.lists(st.integers(1, 9), max_size=9))
def test_a_failing_check_digit_is_not_an_nhs_number(nine: str, cuts: list[int]) -> None:
    number = nine + str((_check_digit(nine) + 1) % 10)
    assert not is_valid_nhs_number(number)
    assert check_text(f"Bed 4: {_disguised(number, cuts, [' '])} fell", (), today=None) is None
