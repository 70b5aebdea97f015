"""Fixtures for the storage tests: one suite, two backends (SQLite file and real PostgreSQL).

The PostgreSQL server is started by the test run itself (session scope) from Debian's
packages: ``initdb`` into a temporary folder as the ``postgres`` OS user, ``pg_ctl start`` on a
free port bound to 127.0.0.1, one fresh database per test. Without the binaries the PostgreSQL
tests are skipped, except when ``CI=true``: then they fail, because CI must run them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
for _path in (str(_REPO), str(Path(__file__).resolve().parent)):
    if _path not in sys.path:  # importlib mode adds nothing; spawned workers inherit this
        sys.path.insert(0, _path)

from _storage_helpers import FakeClock, empty_pg_database, new_pg_database  # noqa: E402

from storage import Store, open_store  # noqa: E402


def _pg_bindir() -> Path | None:
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "pg_ctl").exists()]
    if found:
        return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _missing_postgres(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server; yields its base URL (no database name)."""
    bindir = _pg_bindir()
    if bindir is None:
        _missing_postgres("PostgreSQL binaries not found (/usr/lib/postgresql/*/bin)")
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="trustcheck-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (root, sockets):
            shutil.chown(path, "postgres", "postgres")
    port = _free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off"
    try:
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                     "--auth=trust", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, timeout=120)
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                     str(root / "server.log"), "-o", options, "-w", "start"]),
                       check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        shutil.rmtree(root, ignore_errors=True)
        _missing_postgres(f"could not start PostgreSQL: {error}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_suite_url(postgres_server: str) -> str:
    """One migrated database for the whole suite (creating one per test costs ~0.8 s)."""
    url = new_pg_database(postgres_server)
    open_store(url).close()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty, migrated-on-open database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'checkups.sqlite3'}"
    url: str = request.getfixturevalue("postgres_suite_url")
    empty_pg_database(url)
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_url: str, clock: FakeClock) -> Iterator[Store]:
    """An open store on each backend, with a fake clock."""
    opened = open_store(db_url, clock=clock)
    yield opened
    opened.close()
