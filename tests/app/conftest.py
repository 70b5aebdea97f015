"""Fixtures for the app tests; helpers live in ``app_kit`` (this folder is put on sys.path)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))

from app_kit import new_app


@pytest.fixture
def app() -> AppTest:
    return new_app()
