"""Failed tasks: queued work that will not succeed (poison documents), kept with its error

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "failed_tasks",
        sa.Column("id", BigId, nullable=False),
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("task", sa.String(length=100), nullable=False),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_tasks")),
        sa.UniqueConstraint("task_id", name=op.f("uq_failed_tasks_task_id")),
    )
    op.create_index(op.f("ix_failed_tasks_failed_at"), "failed_tasks", ["failed_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_failed_tasks_failed_at"), table_name="failed_tasks")
    op.drop_table("failed_tasks")
