"""Leadership visits. Exported here: the fair rota and its repairs, pure (no database). The
calendar export is in `bot.visits.ics`, imported on its own so icalendar loads only when needed.
The chat flows use the database: `setup` (config to planner values), `store`, `rota` (propose and
apply), `reminders` (through the scheduler; their timers are in `bot.schedule.visit_timers`),
`pack`, `changes` (decline, swap), `followup` (notes), `actions`, `coverage`, `commands`."""

from bot.visits.model import (
    Area,
    Leader,
    PastVisit,
    Plan,
    PlannedVisit,
    VisitChangeRefused,
    VisitRules,
    plan_to_json,
    visit_to_json,
)
from bot.visits.planner import plan_visits
from bot.visits.repair import repair_after_decline, swap
from bot.visits.rules import leader_is_free, uncovered_areas

__all__ = [
    "Area",
    "Leader",
    "PastVisit",
    "Plan",
    "PlannedVisit",
    "VisitChangeRefused",
    "VisitRules",
    "plan_to_json",
    "leader_is_free",
    "plan_visits",
    "repair_after_decline",
    "swap",
    "uncovered_areas",
    "visit_to_json",
]
