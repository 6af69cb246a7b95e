"""Argument types more than one command reads."""

from __future__ import annotations

import argparse
from datetime import datetime


def local_moment(text: str) -> datetime:
    """`--now 2027-03-01T08:29`: a local date and time, or a message argparse shows."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time like 2027-03-01T08:29"
        ) from None
