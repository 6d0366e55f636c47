"""Witnesses: which documents are copies, reprints or versions of one text (issue 11).

Revision ID: 0004_witnesses
Revises: 0003_pages
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_witnesses'
down_revision = '0003_pages'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('witnesses',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('text_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('doc_id')
    )
    with op.batch_alter_table('witnesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_witnesses_text_id'), ['text_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('witnesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_witnesses_text_id'))
    op.drop_table('witnesses')
