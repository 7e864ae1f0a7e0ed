"""curation: corrections kept apart from the source, record history, links, withdrawal

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy: stored rows' foreign keys refuse it).
    op.add_column(
        "records", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("records", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("records", sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    op.create_table(
        "record_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("source_value", sa.JSON(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id", "field"),
    )
    op.create_index(
        "ix_record_corrections_record_id", "record_corrections", ["record_id"], unique=False
    )
    op.create_table(
        "record_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_history_at", "record_history", ["at"], unique=False)
    op.create_index("ix_record_history_record_id", "record_history", ["record_id"], unique=False)
    op.create_index("ix_record_history_user_id", "record_history", ["user_id"], unique=False)
    # History is append-only, whoever writes to the database (as follow_up_history, 0002).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION record_history_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'record history is append-only' "
            "USING ERRCODE = 'restrict_violation'; END $$"
        )
        for event, each in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT")):
            op.execute(
                f"CREATE TRIGGER record_history_no_{event.lower()} BEFORE {event} "
                f"ON record_history FOR EACH {each} "
                "EXECUTE FUNCTION record_history_append_only()"
            )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER record_history_no_{event.lower()} BEFORE {event} "
            "ON record_history BEGIN "
            "SELECT RAISE(ABORT, 'record history is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS record_history_no_{event} ON record_history")
        op.execute("DROP FUNCTION IF EXISTS record_history_append_only()")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS record_history_no_{event}")
    op.drop_index("ix_record_history_user_id", table_name="record_history")
    op.drop_index("ix_record_history_record_id", table_name="record_history")
    op.drop_index("ix_record_history_at", table_name="record_history")
    op.drop_table("record_history")
    op.drop_index("ix_record_corrections_record_id", table_name="record_corrections")
    op.drop_table("record_corrections")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("version")
