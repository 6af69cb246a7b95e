"""one history again: typed postings (0025) and idea sharing (0065) both revised 0045

Revision ID: 0027_one_head_again
Revises: 0025_postings_about, 0065_idea_sharing
"""

from __future__ import annotations

revision = "0027_one_head_again"
down_revision = ("0025_postings_about", "0065_idea_sharing")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
