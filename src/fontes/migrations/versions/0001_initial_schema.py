"""Initial schema: documents and their annotations, corpus entities, events, claims and conflicts.

Revision ID: 0001
Revises: 
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('aliases',
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('entity_id', 'idx')
    )
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aliases_alias'), ['alias'], unique=False)

    op.create_table('claims',
    sa.Column('parent', sa.String(length=200), nullable=False),
    sa.Column('parent_kind', sa.String(length=10), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('says', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('parent', 'parent_kind', 'idx')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_doc_id'), ['doc_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('about', sa.String(length=200), nullable=False),
    sa.Column('diagnosis', sa.String(length=40), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_about'), ['about'], unique=False)

    op.create_table('corpus_events',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('when_gregorian', sa.String(length=80), nullable=True),
    sa.Column('when_julian', sa.String(length=80), nullable=True),
    sa.Column('when_as_written', sa.Text(), nullable=True),
    sa.Column('gregorian_start', sa.String(length=10), nullable=True),
    sa.Column('gregorian_end', sa.String(length=10), nullable=True),
    sa.Column('julian_start', sa.String(length=10), nullable=True),
    sa.Column('julian_end', sa.String(length=10), nullable=True),
    sa.Column('reasoning', sa.Text(), nullable=True),
    sa.Column('actors', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('targets', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corpus_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corpus_events_gregorian_start'), ['gregorian_start'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('encoding', sa.String(length=50), nullable=True),
    sa.Column('genre', sa.String(length=20), nullable=True),
    sa.Column('calendar', sa.String(length=20), nullable=True),
    sa.Column('calendar_reason', sa.Text(), nullable=True),
    sa.Column('calendar_confidence', sa.Float(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('citation', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('csl', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('short_citation', sa.Text(), nullable=True),
    sa.Column('dct_gregorian', sa.String(length=40), nullable=True),
    sa.Column('dct_julian', sa.String(length=40), nullable=True),
    sa.Column('dct_as_written', sa.Text(), nullable=True),
    sa.Column('html_meta', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('data', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('analysis', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('data_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_source'), ['source'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('authority', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('doc_ids', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('mention_count', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_name'), ['name'], unique=False)

    op.create_table('event_participants',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('event_idx', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', 'event_idx', 'role', 'position')
    )
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participants_entity_id'), ['entity_id'], unique=False)

    op.create_table('events',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('trigger', sa.Text(), nullable=True),
    sa.Column('actors', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('targets', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('when_gregorian', sa.String(length=80), nullable=True),
    sa.Column('when_julian', sa.String(length=80), nullable=True),
    sa.Column('when_as_written', sa.Text(), nullable=True),
    sa.Column('gregorian_start', sa.String(length=10), nullable=True),
    sa.Column('gregorian_end', sa.String(length=10), nullable=True),
    sa.Column('julian_start', sa.String(length=10), nullable=True),
    sa.Column('julian_end', sa.String(length=10), nullable=True),
    sa.Column('timex_index', sa.Integer(), nullable=True),
    sa.Column('modality', sa.String(length=20), nullable=True),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('zone', sa.String(length=20), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('links', sa.JSON(none_as_null=True), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_gregorian_start'), ['gregorian_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_id'), ['id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_julian_start'), ['julian_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('mentions',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=True),
    sa.Column('zone', sa.String(length=20), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)

    op.create_table('roles',
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('start', sa.String(length=40), nullable=True),
    sa.Column('end', sa.String(length=40), nullable=True),
    sa.Column('doc_id', sa.String(length=64), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('entity_id', 'idx')
    )
    op.create_table('timexes',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=80), nullable=False),
    sa.Column('gregorian', sa.String(length=80), nullable=True),
    sa.Column('julian', sa.String(length=80), nullable=True),
    sa.Column('mod', sa.String(length=20), nullable=True),
    sa.Column('calendar', sa.String(length=20), nullable=True),
    sa.Column('calendar_reason', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('anchor', sa.String(length=80), nullable=True),
    sa.Column('zone', sa.String(length=20), nullable=True),
    sa.Column('gregorian_start', sa.String(length=10), nullable=True),
    sa.Column('gregorian_end', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    with op.batch_alter_table('timexes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timexes_gregorian_start'), ['gregorian_start'], unique=False)

    op.create_table('zones',
    sa.Column('doc_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )


def downgrade() -> None:
    op.drop_table('zones')
    with op.batch_alter_table('timexes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timexes_gregorian_start'))

    op.drop_table('timexes')
    op.drop_table('roles')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_julian_start'))
        batch_op.drop_index(batch_op.f('ix_events_id'))
        batch_op.drop_index(batch_op.f('ix_events_gregorian_start'))

    op.drop_table('events')
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_participants_entity_id'))

    op.drop_table('event_participants')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_name'))

    op.drop_table('entities')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_source'))
        batch_op.drop_index(batch_op.f('ix_documents_name'))

    op.drop_table('documents')
    with op.batch_alter_table('corpus_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corpus_events_gregorian_start'))

    op.drop_table('corpus_events')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_about'))

    op.drop_table('conflicts')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_doc_id'))

    op.drop_table('claims')
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aliases_alias'))

    op.drop_table('aliases')
