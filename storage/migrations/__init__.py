"""Alembic migrations of the storage schema (applied by ``storage.engine.migrate``)."""
