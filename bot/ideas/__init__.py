"""Improvement ideas: posting, browsing, a life cycle of small tests of change (PDSA),
support, celebration, the weekly digest and reflection, and export.

For other capabilities: `tested_ideas(session, team_id, measure_key)` gives the start of every
test of change on a measure, to mark on its chart.
"""

from bot.ideas.store import test_starts as tested_ideas

__all__ = ["tested_ideas"]
