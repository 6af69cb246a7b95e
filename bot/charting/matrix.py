"""The Making Data Count matrix: every team × measure, sorted so that what needs attention comes
first. `/huddle summary`, `huddlebot export summary` and the board pack all show these rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.charting.summary import SummaryLine

# The order of the matrix: lower first.
CONCERN_FAILING, CONCERN, FAILING, IMPROVEMENT, NEITHER, COMMON, TOO_FEW, NO_DATA = range(8)
RANK_WORDS = {
    CONCERN_FAILING: "Concern and failing target",
    CONCERN: "Concern",
    FAILING: "Failing target",
    IMPROVEMENT: "Improvement",
    NEITHER: "Special cause, neither better nor worse",
    COMMON: "Common cause",
    TOO_FEW: "Too few points",
    NO_DATA: "No data",
}


def state_of(line: SummaryLine) -> str:
    """ "no data", "too few points", or "" when the measure has a verdict."""
    if line.latest is None or line.chart == "none":
        return "no data"
    if line.chart != "run" and line.variation_icon is None:
        return "too few points"
    return ""


def rank_of(line: SummaryLine) -> int:
    """Where the row sorts: concern and failing target first, no data last."""
    state = state_of(line)
    if state:
        return NO_DATA if state == "no data" else TOO_FEW
    icon = line.variation_icon or ""
    failing = line.assurance_icon == "fail"
    if icon.startswith("concern"):
        return CONCERN_FAILING if failing else CONCERN
    if failing:
        return FAILING
    if icon.startswith("improvement"):
        return IMPROVEMENT
    if icon.startswith("neutral"):
        return NEITHER
    return COMMON


def needs_attention(line: SummaryLine) -> bool:
    """A concern or a failing target: what the front page leads with."""
    return rank_of(line) <= FAILING


def sort_matrix(lines: Sequence[SummaryLine]) -> list[SummaryLine]:
    """Rows by need, then division, team and measure as they came."""
    return sorted(lines, key=rank_of)  # stable: division and team order kept within a rank
