"""The practice's database: its URL from the environment, and the schema upgrade with revisions.

The URL comes only from ``$TRUSTCHECK_DATABASE_URL`` (never an argument: it may hold the
database password). Unlike the individual mode there is no default file: a practice names its
database on purpose, PostgreSQL for several therapists or processes, or a SQLite file for one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Engine, exc
from sqlalchemy.engine import URL

from practice.errors import CliError
from storage import ENV_VAR, StorageError
from storage.engine import create_engines, migrate, resolve_url, translate


def database_url(environ: Mapping[str, str]) -> URL:
    """The URL of ``$TRUSTCHECK_DATABASE_URL``; ``CliError`` when unset, ``StorageError`` when
    it is not a URL of a supported database."""
    raw = environ.get(ENV_VAR, "").strip()
    if not raw:
        raise CliError("cli.practice.error.no_url", env=ENV_VAR)
    return resolve_url(raw)


@dataclass(frozen=True)
class Upgrade:
    """The schema revision before and after ``migrate`` (``None``: there was no schema)."""

    before: str | None
    after: str | None

    @property
    def message_id(self) -> str:
        """The catalogue line that says what happened."""
        if self.before is None:
            return "cli.practice.migrate.created"
        if self.before == self.after:
            return "cli.practice.migrate.current"
        return "cli.practice.migrate.upgraded"


def _revision(engine: Engine) -> str | None:
    """The schema's Alembic revision (``alembic_version``), ``None`` on an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: URL) -> Upgrade:
    """Create or upgrade the schema to this version's newest revision, in one transaction.

    ``StorageError`` ``storage.schema.newer`` when the database was made by a newer version
    (nothing is changed), ``StorageUnavailable`` when it cannot be reached or written.
    """
    with writer_of(url) as writer:
        try:
            before = _revision(writer)
            migrate(writer)
            return Upgrade(before, _revision(writer))
        except CommandError:
            raise StorageError("storage.schema.newer", reason="newer_schema") from None


@contextmanager
def writer_of(url: URL) -> Iterator[Engine]:
    """The writer engine of ``url`` for one command, disposed after (with its reader); a
    database error or an unreachable server comes out in storage's own words, so every
    command says the same (``translate``)."""
    writer, reader = create_engines(url)
    try:
        yield writer
    except (exc.SQLAlchemyError, OSError) as error:
        raise translate(error) from None
    finally:
        writer.dispose()
        reader.dispose()
