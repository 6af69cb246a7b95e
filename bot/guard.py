"""Keep patient data out of chat: NHS numbers, dates of birth, hospital numbers; and size limits."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TEXT = 2000

_NHS_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|born)\b\W{0,3}(?:on\s+)?"
    r"(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-z]{3,9}\s+\d{2,4})",
    re.IGNORECASE,
)


def is_valid_nhs_number(digits: str) -> bool:
    """Modulus 11 check: weights 10..2 on the first nine digits; check digit 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@dataclass(frozen=True)
class Refusal:
    """Why a text was refused; said to its author only, never echoing the text."""

    reason: str


def check_text(
    text: str, hospital_pattern: str | None = None, limit: int = MAX_TEXT
) -> Refusal | None:
    if len(text) > limit:
        return Refusal(
            f"That text is {len(text):,} characters; the limit is {limit:,}. "
            "Please shorten it and send it again."
        )
    for match in _NHS_CANDIDATE.finditer(text):
        if is_valid_nhs_number("".join(match.groups())):
            return Refusal(
                "It looks like it contains an NHS number. Patient details must never "
                "go in chat: nothing was saved or posted. Please send it again without it."
            )
    if _DOB.search(text):
        return Refusal(
            "It looks like it contains a date of birth. Patient details must never go "
            "in chat: nothing was saved or posted. Please send it again without it."
        )
    if hospital_pattern:
        try:
            if re.search(hospital_pattern, text):
                return Refusal(
                    "It looks like it contains a hospital number. Patient details must "
                    "never go in chat: nothing was saved or posted. Please send it again "
                    "without it."
                )
        except re.error:
            pass
    return None


def clean_control(text: str) -> str:
    """Drop control characters (keep newlines and tabs) so logs and chat stay readable."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
