"""Corrections: the decisions table, and a ``curated`` column where a decision can set values.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_CURATED = ("entities", "events", "corpus_events", "conflicts")


def upgrade() -> None:
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('target', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('change', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created', sa.String(length=40), nullable=False),
    sa.Column('undone', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('touched', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_kind'), ['kind'], unique=False)
    for table in _CURATED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('curated', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    for table in _CURATED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('curated')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_kind'))
    op.drop_table('decisions')
