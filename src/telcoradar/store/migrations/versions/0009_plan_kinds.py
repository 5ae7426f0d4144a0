"""Plans say their kind, whether they can be bought again, whether data is daily, and how sure we are

Existing rows get their kind from their name (data/plan_kinds.toml: 体验卡,
首日, 免费, welcome, trial → trial; 加油包, pack, add-on, top-up, a name
ending in 包 → addon; else base); trials are not repeatable.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("plan_observations", "plan_versions")


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("kind", sa.String(8), nullable=False, server_default=sa.text("'base'")),
        sa.Column("repeatable", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("per_day", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("confidence", sa.Float(), nullable=False, server_default=sa.text("1")),
        sa.Column("flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    ]


def upgrade() -> None:
    from telcoradar.store.kinds import infer_kind

    bind = op.get_bind()
    for name in TABLES:
        for column in _columns():
            op.add_column(name, column)
        table = sa.table(name, sa.column("name", sa.Text), sa.column("kind"), sa.column("repeatable"))
        names = bind.execute(sa.select(table.c.name).distinct()).scalars().all()
        by_kind: dict[str, list[str]] = {}
        for plan_name in names:
            kind = infer_kind(plan_name)
            if kind != "base":
                by_kind.setdefault(kind, []).append(plan_name)
        for kind, plan_names in by_kind.items():
            for i in range(0, len(plan_names), 500):
                bind.execute(
                    table.update()
                    .where(table.c.name.in_(plan_names[i : i + 500]))
                    .values(kind=kind, repeatable=kind != "trial")
                )


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            for column in ("kind", "repeatable", "per_day", "confidence", "flags"):
                batch.drop_column(column)
