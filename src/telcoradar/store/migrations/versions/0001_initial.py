"""Initial schema: sources, blobs, snapshots, plans, events, figures

Revision ID: 0001
Revises:
Create Date: 2026-11-26 11:02:57.131110
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("compression", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("dedup_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=True),
        sa.Column("operators", sa.JSON(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("amount", sa.Numeric(precision=24, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("counterparties", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_events_dedup_key")),
    )
    op.create_index(op.f("ix_events_date"), "events", ["date"], unique=False)
    op.create_index("ix_events_domain_date", "events", ["domain", "date"], unique=False)
    op.create_index(op.f("ix_events_operator"), "events", ["operator"], unique=False)
    op.create_table(
        "sources",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("operator", sa.String(length=64), nullable=True),
        sa.Column("every_seconds", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("uri", name=op.f("uq_sources_uri")),
    )
    op.create_table(
        "event_operators",
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_operators_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "operator", name=op.f("pk_event_operators")),
    )
    op.create_index(op.f("ix_event_operators_operator"), "event_operators", ["operator"], unique=False)
    op.create_table(
        "snapshots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("reader_kind", sa.String(length=20), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("charset", sa.String(length=40), nullable=True),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("plan_count", sa.Integer(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("figure_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_snapshots_sha256_blobs")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_snapshots_source_id_sources"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint("uri", "seq", name="uq_snapshots_uri_seq"),
    )
    op.create_index(op.f("ix_snapshots_sha256"), "snapshots", ["sha256"], unique=False)
    op.create_index(op.f("ix_snapshots_source_id"), "snapshots", ["source_id"], unique=False)
    op.create_index("ix_snapshots_uri_fetched_at", "snapshots", ["uri", "fetched_at"], unique=False)
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("snapshot_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_mentions_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_event_mentions_snapshot_id_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_mentions")),
        sa.UniqueConstraint(
            "event_id", "snapshot_id", "quote_start", name="uq_event_mentions_event_snapshot"
        ),
    )
    op.create_index(op.f("ix_event_mentions_event_id"), "event_mentions", ["event_id"], unique=False)
    op.create_index(op.f("ix_event_mentions_snapshot_id"), "event_mentions", ["snapshot_id"], unique=False)
    op.create_table(
        "figures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("snapshot_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("value", sa.Numeric(precision=28, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("forecast", sa.Boolean(), nullable=False),
        sa.Column("growth_rate", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("growth_kind", sa.String(length=16), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("operator", sa.String(length=64), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_figures_snapshot_id_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    op.create_index("ix_figures_measure_year", "figures", ["measure", "year"], unique=False)
    op.create_index(op.f("ix_figures_operator"), "figures", ["operator"], unique=False)
    op.create_index(op.f("ix_figures_snapshot_id"), "figures", ["snapshot_id"], unique=False)
    op.create_table(
        "plan_observations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("snapshot_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("plan_key", sa.String(length=32), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("operator_name", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=True),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("data_gb", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("data_unlimited", sa.Boolean(), nullable=False),
        sa.Column("voice_min", sa.Integer(), nullable=True),
        sa.Column("intl_voice_min", sa.Integer(), nullable=True),
        sa.Column("sms", sa.Integer(), nullable=True),
        sa.Column("perks", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=64), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_plan_observations_snapshot_id_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_observations")),
    )
    op.create_index(
        "ix_plan_observations_key_observed", "plan_observations", ["plan_key", "observed_at"], unique=False
    )
    op.create_index(
        "ix_plan_observations_operator_region_observed",
        "plan_observations",
        ["operator", "region", "observed_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_plan_observations_snapshot_id"), "plan_observations", ["snapshot_id"], unique=False
    )
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("plan_key", sa.String(length=32), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=True),
        sa.Column("attrs_key", sa.String(length=32), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("data_gb", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("data_unlimited", sa.Boolean(), nullable=False),
        sa.Column("voice_min", sa.Integer(), nullable=True),
        sa.Column("intl_voice_min", sa.Integer(), nullable=True),
        sa.Column("sms", sa.Integer(), nullable=True),
        sa.Column("perks", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=64), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "first_observation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("last_observation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["first_observation_id"],
            ["plan_observations.id"],
            name=op.f("fk_plan_versions_first_observation_id_plan_observations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["last_observation_id"],
            ["plan_observations.id"],
            name=op.f("fk_plan_versions_last_observation_id_plan_observations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
    )
    op.create_index(
        "ix_plan_versions_key_valid_from", "plan_versions", ["plan_key", "valid_from"], unique=False
    )
    op.create_index(
        op.f("ix_plan_versions_last_observation_id"), "plan_versions", ["last_observation_id"], unique=False
    )
    op.create_index(
        "ix_plan_versions_operator_valid",
        "plan_versions",
        ["operator", "valid_from", "valid_to"],
        unique=False,
    )
    op.create_index(
        "ix_plan_versions_region_valid", "plan_versions", ["region", "valid_from", "valid_to"], unique=False
    )
    op.create_index(
        "uq_plan_versions_open_key",
        "plan_versions",
        ["plan_key"],
        unique=True,
        sqlite_where=sa.text("valid_to IS NULL"),
        postgresql_where=sa.text("valid_to IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_plan_versions_open_key",
        table_name="plan_versions",
        sqlite_where=sa.text("valid_to IS NULL"),
        postgresql_where=sa.text("valid_to IS NULL"),
    )
    op.drop_index("ix_plan_versions_region_valid", table_name="plan_versions")
    op.drop_index("ix_plan_versions_operator_valid", table_name="plan_versions")
    op.drop_index(op.f("ix_plan_versions_last_observation_id"), table_name="plan_versions")
    op.drop_index("ix_plan_versions_key_valid_from", table_name="plan_versions")
    op.drop_table("plan_versions")
    op.drop_index(op.f("ix_plan_observations_snapshot_id"), table_name="plan_observations")
    op.drop_index("ix_plan_observations_operator_region_observed", table_name="plan_observations")
    op.drop_index("ix_plan_observations_key_observed", table_name="plan_observations")
    op.drop_table("plan_observations")
    op.drop_index(op.f("ix_figures_snapshot_id"), table_name="figures")
    op.drop_index(op.f("ix_figures_operator"), table_name="figures")
    op.drop_index("ix_figures_measure_year", table_name="figures")
    op.drop_table("figures")
    op.drop_index(op.f("ix_event_mentions_snapshot_id"), table_name="event_mentions")
    op.drop_index(op.f("ix_event_mentions_event_id"), table_name="event_mentions")
    op.drop_table("event_mentions")
    op.drop_index("ix_snapshots_uri_fetched_at", table_name="snapshots")
    op.drop_index(op.f("ix_snapshots_source_id"), table_name="snapshots")
    op.drop_index(op.f("ix_snapshots_sha256"), table_name="snapshots")
    op.drop_table("snapshots")
    op.drop_index(op.f("ix_event_operators_operator"), table_name="event_operators")
    op.drop_table("event_operators")
    op.drop_table("sources")
    op.drop_index(op.f("ix_events_operator"), table_name="events")
    op.drop_index("ix_events_domain_date", table_name="events")
    op.drop_index(op.f("ix_events_date"), table_name="events")
    op.drop_table("events")
    op.drop_table("blobs")
