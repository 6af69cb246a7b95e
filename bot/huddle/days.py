"""Which day an answer is for: today, `yesterday`, `2027-03-01`; and how days are written."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.schedule.bank import bank_holiday

BACK_LIMIT = 7  # days a member may record back; team leads may go further
DAY_WORDS = {"today": 0, "yesterday": 1}


def day_word(word: str, today: date) -> date | None:
    """`yesterday`, `today`, an ISO date, or `3 days ago` as a date; None if not a day."""
    word = word.strip().lower()
    if word in DAY_WORDS:
        return today - timedelta(days=DAY_WORDS[word])
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def split_day(text: str, today: date) -> tuple[date | None, str]:
    """A leading day word, and the rest of the text."""
    first, _, rest = text.strip().partition(" ")
    day = day_word(first, today) if first else None
    return (day, rest.strip()) if day else (None, text.strip())


def too_far(day: date, today: date, lead: bool) -> str | None:
    """Why a day cannot be recorded for, or None when it can."""
    if day > today:
        return f"I can't record for {written(day)}: it is in the future."
    if (today - day).days > BACK_LIMIT and not lead:
        return (
            f"I can't record for {written(day)}: that is more than {BACK_LIMIT} days ago. "
            "Please ask your team lead to record it."
        )
    return None


def written(day: date) -> str:
    """`Mon 1 Mar`."""
    return f"{day:%a} {day.day} {day:%b}"


def written_at(moment: datetime, zone: str) -> str:
    """`Tue 2 Mar 17:00` in the team's time."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{written(local.date())} {local:%H:%M}"


def next_working_day(day: date, region: str) -> date:
    """The next Monday-to-Friday day after `day` that is not a bank holiday."""
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5 or bank_holiday(nxt, region):
        nxt += timedelta(days=1)
    return nxt


def local_moment(day: date, at: time, zone: str) -> datetime:
    """`at` on `day` in the team's zone, as aware UTC."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
