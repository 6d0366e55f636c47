"""A long document's annotations stored a section at a time (issue 11, item 2).

Revision ID: 0006_document_sections
Revises: 0005_resolve_keys
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_document_sections'
down_revision = '0005_resolve_keys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_sections',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(none_as_null=True), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', 'kind', 'idx')
    )


def downgrade() -> None:
    op.drop_table('document_sections')
