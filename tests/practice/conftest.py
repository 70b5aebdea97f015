"""Fixtures of the practice tests: the storage tests' PostgreSQL server, shared (not copied).

``tests/storage/conftest.py`` starts a throwaway PostgreSQL (skipped without the binaries,
failing under CI=true); its fixture is loaded from there, so both suites start it alike.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
_STORAGE_TESTS = _HERE.parent / "storage"
# tests/app: the browser moves of test_browser (settle, click, answer_all), shared, not copied.
for _path in (str(_HERE), str(_STORAGE_TESTS), str(_HERE.parent / "app")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

_spec = importlib.util.spec_from_file_location("storage_test_fixtures", _STORAGE_TESTS / "conftest.py")
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

postgres_server = _fixtures.postgres_server

from _site import clean_env, set_up_practice  # noqa: E402


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'practice.sqlite3'}"


@pytest.fixture(scope="session")
def practice_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite practice (administrator ada, therapist theo) for the tests that only add
    accounts of their own names to it (every process costs about a second of start-up)."""
    folder = tmp_path_factory.mktemp("practice")
    set_up_practice(f"sqlite:///{folder / 'practice.sqlite3'}", folder)
    return folder / "practice.sqlite3"


@pytest.fixture
def practice_env(practice_db: Path) -> dict[str, str]:
    return clean_env(TRUSTCHECK_DATABASE_URL=f"sqlite:///{practice_db}")
