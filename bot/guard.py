"""Keep patient data out of chat: NHS numbers, dates of birth, hospital numbers; and size limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.privacy.hospital import as_patterns
from bot.privacy.nhs import is_valid_nhs_number
from bot.privacy.screen import DATE_OF_BIRTH, HOSPITAL_NUMBER, NHS_NUMBER, identifier_in

MAX_TEXT = 2000
TOO_LONG = "too_long"

__all__ = [
    "DATE_OF_BIRTH",
    "HOSPITAL_NUMBER",
    "MAX_TEXT",
    "NHS_NUMBER",
    "Refusal",
    "check_text",
    "clean_control",
    "is_valid_nhs_number",
    "patient_detail",
]


@dataclass(frozen=True)
class Refusal:
    """Why a text was refused; said to its author only, never echoing the text."""

    reason: str
    kind: str = ""  # NHS_NUMBER, DATE_OF_BIRTH, HOSPITAL_NUMBER or TOO_LONG


def patient_detail(kind: str) -> Refusal:
    """The refusal for a patient identifier of `kind`: names the kind, never the text."""
    return Refusal(
        f"It looks like it contains {kind}. Patient details must never go in chat: "
        "nothing was saved or posted. Please send it again without it.",
        kind,
    )


def check_text(
    text: str,
    hospital_pattern: str | Sequence[str] | None = None,
    limit: int = MAX_TEXT,
    *,
    today: date | None = None,
) -> Refusal | None:
    """A refusal when `text` is too long or holds a patient identifier; None when fine.
    `today` (the event's date) lets a full date 16 or more years ago count as a date of birth."""
    if len(text) > limit:
        return Refusal(
            f"That text is {len(text):,} characters; the limit is {limit:,}. "
            "Please shorten it and send it again.",
            TOO_LONG,
        )
    kind = identifier_in(text, today, as_patterns(hospital_pattern))
    return patient_detail(kind) if kind else None


def clean_control(text: str) -> str:
    """Drop control characters (keep newlines and tabs) so logs and chat stay readable."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
