"""Shared helpers for the scoring tests."""

from __future__ import annotations

import pytest

from questions import Bank, load_bank


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


def all_answers(bank: Bank, role: str, value: int, safety: int = 1) -> dict[str, int]:
    """Every item of the role answered ``value`` (safety items ``safety``)."""
    return {
        i.id: safety if bank.dimension_by_id[i.dimension].kind == "safety" else value
        for i in bank.items_for(role)
    }
