"""Knowledge gaps: one row per (workspace, normalised question, kind) with a count and when
it was first and last asked.

Revision ID: 0007_gaps
Revises: 0006_quiz_topics
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_gaps"
down_revision = "0006_quiz_topics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_gaps",
        sa.Column("workspace", sa.String(32), nullable=False, server_default=""),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "text", "kind", name="pk_knowledge_gaps"),
    )
    op.create_index("ix_knowledge_gaps_last_seen", "knowledge_gaps", ["last_seen"])


def downgrade() -> None:
    op.drop_index("ix_knowledge_gaps_last_seen", table_name="knowledge_gaps")
    op.drop_table("knowledge_gaps")
