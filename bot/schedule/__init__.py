"""Pure schedule arithmetic: which huddles and reminders fall due when, on local time.

No database here: `bot.schedule.plan` turns slot rows into occurrences with `zoneinfo`.
"""

from bot.schedule.due import Due, Occurrence
from bot.schedule.plan import SlotRule, TeamPlan, occurrences, weekly_items

__all__ = ["Due", "Occurrence", "SlotRule", "TeamPlan", "occurrences", "weekly_items"]
