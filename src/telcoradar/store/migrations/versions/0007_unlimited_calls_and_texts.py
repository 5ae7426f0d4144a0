"""Plans say whether their calls and texts are unlimited (voice_unlimited, sms_unlimited)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("plan_observations", "plan_versions")
COLUMNS = ("voice_unlimited", "sms_unlimited")


def upgrade() -> None:
    for table in TABLES:
        for column in COLUMNS:  # existing plans: neither unlimited
            op.add_column(table, sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in COLUMNS:
                batch.drop_column(column)
