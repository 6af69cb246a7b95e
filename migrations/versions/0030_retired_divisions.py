"""divisions: retired_at, set when `config apply --prune` retires a division the file drops

Revision ID: 0030_retired_divisions
Revises: 0026_inbound_for_the_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030_retired_divisions"
down_revision = "0026_inbound_for_the_core"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: on SQLite a batch would drop and recreate `divisions`,
# and with foreign keys on, dropping it deletes every team (ON DELETE CASCADE).


def upgrade() -> None:
    op.add_column("divisions", sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("divisions", "retired_at")
