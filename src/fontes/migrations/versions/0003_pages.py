"""Pages: where each page of a PDF, scan or OCR file lies in the text, so citations can name it (issue 14).

Revision ID: 0003_pages
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_pages'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pages',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('image', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )


def downgrade() -> None:
    op.drop_table('pages')
