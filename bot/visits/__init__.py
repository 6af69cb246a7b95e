"""Leadership visits: the fair rota, its repairs and the calendar export (no database here)."""

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

__all__ = [
    "Area",
    "Leader",
    "PastVisit",
    "Plan",
    "PlannedVisit",
    "VisitChangeRefused",
    "VisitRules",
    "plan_to_json",
    "plan_visits",
    "visit_to_json",
]
