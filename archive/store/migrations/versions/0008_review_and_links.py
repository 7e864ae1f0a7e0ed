"""review marks, same-meeting and series links between records

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 05:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy: stored rows' foreign keys refuse it).
    # Records stored before review began do not wait for it (server default false); the
    # model's default makes every record stored from now on wait.
    op.add_column(
        "records",
        sa.Column("awaiting_review", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("records", sa.Column("reviewed_at", sa.DateTime(), nullable=True))
    op.add_column("records", sa.Column("reviewed_by", sa.String(length=100), nullable=True))
    op.add_column("records", sa.Column("meeting_group", sa.Integer(), nullable=True))
    op.create_index("ix_records_awaiting_review", "records", ["awaiting_review"], unique=False)
    op.create_index("ix_records_meeting_group", "records", ["meeting_group"], unique=False)
    op.create_index("ix_records_reviewed_at", "records", ["reviewed_at"], unique=False)
    op.create_table(
        "record_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["records.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id", "other_id", "kind"),
    )
    op.create_index("ix_record_links_record_id", "record_links", ["record_id"], unique=False)
    op.create_index("ix_record_links_other_id", "record_links", ["other_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_record_links_other_id", table_name="record_links")
    op.drop_index("ix_record_links_record_id", table_name="record_links")
    op.drop_table("record_links")
    op.drop_index("ix_records_reviewed_at", table_name="records")
    op.drop_index("ix_records_meeting_group", table_name="records")
    op.drop_index("ix_records_awaiting_review", table_name="records")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("meeting_group")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("awaiting_review")
