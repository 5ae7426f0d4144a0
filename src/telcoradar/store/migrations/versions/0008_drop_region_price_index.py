"""Drop the index over current plans by region and price (one index less to write a plan)

A region holds a few thousand current plans: the plan pages filtered by
region and sorted by price read them through ix_plan_versions_current_region
and sort them (about 2 ms on 100,000 plans), so the index is not worth its
cost on every version written. The operator's price index stays: an
operator's plans are too many to sort for each page.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_plan_versions_current_region_price", table_name="plan_versions")


def downgrade() -> None:
    where = sa.text("valid_to IS NULL")
    op.create_index(
        "ix_plan_versions_current_region_price",
        "plan_versions",
        ["region", "currency", "price", "id"],
        sqlite_where=where,
        postgresql_where=where,
    )
