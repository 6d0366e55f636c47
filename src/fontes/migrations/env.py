"""Alembic environment for the fontes knowledge base (SQLite in batch mode, or PostgreSQL)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from fontes.store import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # run from the alembic command line with sqlalchemy.url set
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
