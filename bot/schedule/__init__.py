"""What falls due when, on each team's local time: the core's part of scheduling.

Pure arithmetic (`plan`, `due`, `days`, `bank`, `preview`): slot rows into occurrences with
`zoneinfo`, right across clock changes and bank holidays. One-off timers set by capabilities
inside their own session (`timers`, and the visit reminders in `visit_timers`). The process that
ticks and delivers is the top-level `scheduler` package.
"""

from bot.schedule.due import Due, Occurrence
from bot.schedule.plan import SlotRule, TeamPlan, occurrences, weekly_items

__all__ = ["Due", "Occurrence", "SlotRule", "TeamPlan", "occurrences", "weekly_items"]
