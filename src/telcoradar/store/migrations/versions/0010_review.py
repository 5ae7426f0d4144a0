"""Review: events and figures say how sure the extractor was; decisions and their audit trail

Every plan observation and version, event and figure gets a `review`
(pending, accepted, corrected, rejected); observations, events and figures
remember the decision applied to them. `decisions` holds an analyst's word on
a fact, keyed by kind, source, fact key and quote digest; `review_log` keeps
who decided what, when, and the values before and after.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _review() -> sa.Column[str]:
    return sa.Column("review", sa.String(10), nullable=False, server_default=sa.text("'pending'"))


def upgrade() -> None:
    op.add_column("plan_observations", _review())
    op.add_column("plan_observations", sa.Column("decision_id", BigId, nullable=True))
    op.create_index(op.f("ix_plan_observations_decision_id"), "plan_observations", ["decision_id"])
    op.add_column("plan_versions", _review())
    for name in ("events", "figures"):
        op.add_column(name, sa.Column("confidence", sa.Float(), nullable=False, server_default=sa.text("1")))
        op.add_column(name, sa.Column("flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        op.add_column(name, _review())
        op.add_column(name, sa.Column("decision_id", BigId, nullable=True))
    op.create_table(
        "decisions",
        sa.Column("id", BigId, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("fact_key", sa.String(length=64), nullable=False),
        sa.Column("quote_hash", sa.String(length=64), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("original", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("kind", "source", "fact_key", "quote_hash", name="uq_decisions_fact"),
    )
    op.create_table(
        "review_log",
        sa.Column("id", BigId, nullable=False),
        sa.Column("decision_id", BigId, nullable=False),
        sa.Column("fact", sa.String(length=24), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old", sa.JSON(), nullable=False),
        sa.Column("new", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_review_log_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_log")),
    )
    op.create_index(op.f("ix_review_log_decision_id"), "review_log", ["decision_id"])
    op.create_index(op.f("ix_review_log_at"), "review_log", ["at"])


def downgrade() -> None:
    op.drop_table("review_log")
    op.drop_table("decisions")
    for name in ("events", "figures"):
        with op.batch_alter_table(name) as batch:
            for column in ("confidence", "flags", "review", "decision_id"):
                batch.drop_column(column)
    with op.batch_alter_table("plan_versions") as batch:
        batch.drop_column("review")
    op.drop_index(op.f("ix_plan_observations_decision_id"), table_name="plan_observations")
    with op.batch_alter_table("plan_observations") as batch:
        batch.drop_column("decision_id")
        batch.drop_column("review")
