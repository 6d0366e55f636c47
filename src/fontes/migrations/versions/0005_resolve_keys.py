"""Incremental resolve: each document's blocking keys and the state of the last resolve (issue 15, item 3).

Revision ID: 0005_resolve_keys
Revises: 0004_witnesses
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_resolve_keys'
down_revision = '0004_witnesses'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resolve_keys',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', 'key')
    )
    with op.batch_alter_table('resolve_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolve_keys_key'), ['key'], unique=False)
    op.create_table('resolve_state',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('resolve_state')
    with op.batch_alter_table('resolve_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolve_keys_key'))
    op.drop_table('resolve_keys')
