"""one history: every branch of the schema merged into a single head

Revision ID: 0020_one_head
Revises: every head before it

From here on each new revision revises the single head; a test fails if a second head appears.
"""

from __future__ import annotations

revision = "0020_one_head"
down_revision = (
    "0002_scheduler",
    "0003_huddle",
    "0004_charts",
    "0006_visits",
    "0009_postings_thread_index",
    "0010_hospital_number_patterns",
    "0011_slack_inbox",
    "0012_reflection_tokens",
    "0016_ratio_fed_whole",
    "0017_retired",
)
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
