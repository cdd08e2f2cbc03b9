"""Answers reported as wrong or unclear: one row per report, keyed per workspace by a digest
of the card and the person (a second submit inserts nothing).

Revision ID: 0011_reports
Revises: 0010_stopped_users
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reports"
down_revision = "0010_stopped_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_reports",
        sa.Column("workspace", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("services", sa.String(300), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(32), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "key", name="pk_answer_reports"),
    )
    op.create_index(
        "ix_answer_reports_text", "answer_reports", ["workspace", "text", "reported_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_answer_reports_text", table_name="answer_reports")
    op.drop_table("answer_reports")
