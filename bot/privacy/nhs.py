"""NHS numbers: ten digits passing the Modulus 11 check, however they are grouped."""

from __future__ import annotations

import re

from bot.privacy.normalise import digit_groups

# Dates with a four-digit year and ISO dates are not numbers: `12/03/2027-12/03/2028` must not
# be read as digits to check.
_DATES = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2})"
    r"(?!\d)"
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


def has_nhs_number(text: str) -> bool:
    """Whether consecutive digit groups (joined by any separators) make a valid NHS number."""
    for groups in digit_groups(_DATES.sub(" ", text)):
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) >= 10:
                    break
            if is_valid_nhs_number(digits):
                return True
    return False
