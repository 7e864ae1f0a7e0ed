"""meeting facts: parties, online venues, where each fact was read

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 03:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy of the table): on SQLite a batch copy drops
    # and recreates the table, which the foreign keys of stored rows refuse.
    op.add_column(
        "venues", sa.Column("online", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    # NULL in the rows stored before: read as none (a JSON default cannot be compared on
    # PostgreSQL, which has no equality for json).
    for name in ("party_countries", "party_organizations", "sources"):
        op.add_column("records", sa.Column(name, sa.JSON(), nullable=True))
    op.add_column("follow_ups", sa.Column("source_start", sa.Integer(), nullable=True))
    op.add_column("follow_ups", sa.Column("source_end", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("source_end")
        batch_op.drop_column("source_start")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("sources")
        batch_op.drop_column("party_organizations")
        batch_op.drop_column("party_countries")
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_column("online")
