"""Alembic environment: runs on the connection the store hands over, never from a config file.

``storage.engine.migrate`` builds the Alembic Config in code and puts the open connection and
the target metadata into ``config.attributes``; there is no alembic.ini and no offline mode.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection


def _run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("storage migrations run only through storage.engine.migrate")
    context.configure(
        connection=connection,
        target_metadata=config.attributes.get("target_metadata"),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
