"""``backup OUT``: one consistent copy of the practice's database, readable by its owner alone.

- SQLite: the sqlite3 online backup API (``Connection.backup``) copies every page as of one
  moment while the app keeps running (a concurrent write restarts the copy), then the copy's
  ``PRAGMA integrity_check`` must say ``ok``.
- PostgreSQL: ``pg_dump --format=custom``. Why pg_dump rather than our own dump in one
  REPEATABLE READ transaction: pg_dump already reads everything in one snapshot (its own
  REPEATABLE READ transaction), copies the whole schema (constraints, indexes, the Alembic
  revision) without our code knowing each table, and its file is restored with the standard
  ``pg_restore`` that a practice's administrator or hosting provider already knows and trusts
  (deploy/README.md). Its client must be the server's major version or newer.

The copy is written to a new hidden file (mode 0600, created exclusively) beside ``OUT`` and
linked to ``OUT`` only when complete, so an existing file is never overwritten (the command
says so and stops) and no half-written backup ever carries the final name. The copy holds no
answers in the clear (they are sealed) but every sealed record: keep it as safe as the database.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import URL

from practice.database import writer_of
from practice.errors import UNAVAILABLE, CliError

PG_DUMP_TIMEOUT_S = 6 * 3600
PG_CONNECT_TIMEOUT_S = "10"


def backup(url: URL, out: Path) -> int:
    """Write the copy of the database at ``url`` to ``out``; its size in bytes."""
    _check_target(out)
    with _partial(out) as partial:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(Path(url.database or ""), partial)
        else:
            _check_reachable(url)
            _pg_dump(url, partial)
        _publish(partial, out)
    return out.stat().st_size


def _check_target(out: Path) -> None:
    if out.exists() or out.is_symlink():
        raise CliError("cli.practice.backup.exists", path=str(out))
    if not out.parent.is_dir():
        raise CliError("cli.practice.backup.no_folder", folder=str(out.parent))


@contextlib.contextmanager
def _partial(out: Path) -> Iterator[Path]:
    """A new empty file (0600) beside ``out``, removed afterwards whatever happens."""
    partial = out.parent / f".{out.name}.{os.getpid()}.partial"
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise CliError(
            "cli.practice.backup.unwritable", folder=str(out.parent), reason=error.strerror
        ) from None
    try:
        yield partial
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            leftover = partial.with_name(partial.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _publish(partial: Path, out: Path) -> None:
    """Flush the copy to disk and give it its name; never replaces a file that appeared."""
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    try:
        os.link(partial, out)
    except FileExistsError:
        raise CliError("cli.practice.backup.exists", path=str(out)) from None
    except OSError as error:
        raise CliError(
            "cli.practice.backup.unwritable", folder=str(out.parent), reason=error.strerror
        ) from None
    with contextlib.suppress(OSError):
        folder = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _sqlite_copy(database: Path, partial: Path) -> None:
    """The sqlite3 backup API from ``database`` (opened, never created) to ``partial``."""
    if not database.is_file():
        raise CliError("cli.practice.backup.no_database", path=str(database))
    try:
        source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise CliError("cli.practice.backup.failed", code=UNAVAILABLE, detail=str(error)) from None
    if verdict != "ok":
        raise CliError("cli.practice.backup.failed", code=UNAVAILABLE, detail=str(verdict))


def _check_reachable(url: URL) -> None:
    """``StorageUnavailable`` (the storage's own words) when the server cannot be reached, so
    that backup and the other commands say the same; pg_dump's words are for the rest."""
    with writer_of(url) as writer, writer.connect():
        pass


def pg_dump_path() -> str | None:
    """The newest ``pg_dump`` of Debian's PostgreSQL packages, else the one on ``$PATH``."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
        key=lambda p: int(Path(p).parents[1].name) if Path(p).parents[1].name.isdigit() else 0,
    )
    return found[-1] if found else shutil.which("pg_dump")


def _pg_dump(url: URL, partial: Path) -> None:
    """``pg_dump --format=custom`` into ``partial``; the password goes by environment only."""
    program = pg_dump_path()
    if program is None:
        raise CliError("cli.practice.backup.no_pg_dump", code=UNAVAILABLE)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )
    env = {**os.environ, "PGCONNECT_TIMEOUT": PG_CONNECT_TIMEOUT_S}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    with open(partial, "wb") as handle:
        try:
            done = subprocess.run(
                [program, "--format=custom", f"--dbname={conninfo}"],
                stdout=handle, stderr=subprocess.PIPE, env=env, timeout=PG_DUMP_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CliError("cli.practice.backup.pg_dump_failed", code=UNAVAILABLE,
                           detail=str(error)) from None
    if done.returncode != 0:
        raise CliError("cli.practice.backup.pg_dump_failed", code=UNAVAILABLE,
                       detail=_first_line(done.stderr))


def _first_line(stderr: bytes) -> str:
    """pg_dump's first complaint, without its ``pg_dump: error:`` prefix."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    first = next((line for line in lines if line), "")
    for prefix in ("pg_dump: error:", "pg_dump:"):
        first = first.removeprefix(prefix).strip()
    return first
