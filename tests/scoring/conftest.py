"""Shared helpers for the scoring tests."""

from __future__ import annotations

import pytest

from questions import Bank, load_bank


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


def all_answers(bank: Bank, role: str, value: int, safety: int = 1) -> dict[str, int]:
    """Every item of the role answered ``value`` (unscored, i.e. safety, items ``safety``)."""
    scored = {d.id for d in bank.scored_dimensions}
    return {i.id: value if i.dimension in scored else safety for i in bank.items_for(role)}
