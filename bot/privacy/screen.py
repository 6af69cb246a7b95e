"""One check for patient identifiers, on the text as a reader would see it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.privacy.dates import has_date_of_birth
from bot.privacy.hospital import has_hospital_number
from bot.privacy.nhs import has_nhs_number
from bot.privacy.normalise import joined_digits, normalised

NHS_NUMBER = "an NHS number"
DATE_OF_BIRTH = "a date of birth"
HOSPITAL_NUMBER = "a hospital number"
# kind -> the short name kept in the audit and the log
KEYS = {
    NHS_NUMBER: "nhs_number",
    DATE_OF_BIRTH: "date_of_birth",
    HOSPITAL_NUMBER: "hospital_number",
}


def identifier_in(text: str, today: date | None = None, patterns: Sequence[str] = ()) -> str | None:
    """The kind of patient identifier in `text`, or None. Without `today`, only dates after a
    birth keyword count as dates of birth."""
    plain = normalised(text)
    if has_nhs_number(plain):
        return NHS_NUMBER
    if has_date_of_birth(plain, today or date.min):
        return DATE_OF_BIRTH
    if has_hospital_number(plain, (text, joined_digits(plain)) if patterns else (), patterns):
        return HOSPITAL_NUMBER
    return None
