"""Indexes over the plans on offer now, in the orders the web's plan pages sort by

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_plan_versions_current_operator": ["operator", "region", "name_key", "id"],
    "ix_plan_versions_current_region": ["region", "operator", "name_key", "id"],
    "ix_plan_versions_current_price": ["currency", "price", "id"],
    "ix_plan_versions_current_operator_price": ["operator", "currency", "price", "id"],
    "ix_plan_versions_current_region_price": ["region", "currency", "price", "id"],
}


def upgrade() -> None:
    where = sa.text("valid_to IS NULL")
    for name, columns in INDEXES.items():
        op.create_index(name, "plan_versions", columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="plan_versions")
