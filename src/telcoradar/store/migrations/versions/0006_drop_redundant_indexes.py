"""Drop two indexes that a unique constraint already provides (fewer pages written a document)

ix_snapshots_uri_fetched_at: lookups by URI use uq_snapshots_uri_seq (uri, seq).
ix_event_mentions_event_id: uq_event_mentions_event_snapshot starts with event_id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 11:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_snapshots_uri_fetched_at", table_name="snapshots")
    op.drop_index("ix_event_mentions_event_id", table_name="event_mentions")


def downgrade() -> None:
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"], unique=False)
    op.create_index("ix_snapshots_uri_fetched_at", "snapshots", ["uri", "fetched_at"], unique=False)
