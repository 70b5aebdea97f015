"""Shared fixtures for the report tests: the bank, the content, personas and PDF text."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from pypdf import PdfReader

from questions import Bank, Item, load_bank
from reports.content import Content, load_content
from scoring.result import Result, score_one
from scoring.rules import load_rules

sys.path.insert(0, str(Path(__file__).parent))  # clinician_kit, as tests/app does app_kit

# Each kind's healthy score: the end of the scale its rules call better.
HEALTHY = {name: 0 if k.better == "lower" else 100 for name, k in load_rules().kinds.items()}


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


CALM_CHOICES = frozenset({"no", "rebuild"})  # context: not going on, wanting to rebuild


def _calm(bank: Bank, item: Item) -> int:
    """"Never" for a safety item; the calm choice for a context item (so no gate applies)."""
    if bank.kind_of(item) != "context":
        return 1
    return next(p for p in item.scale.points if item.scale.choice_of(p) in CALM_CHOICES)


def persona_answers(
    bank: Bank,
    role: str,
    scores: Mapping[str, int],
    safety: Mapping[str, int | None] | None = None,
) -> dict[str, int]:
    """Answers that give each dimension the score asked (0/25/50/75/100; others healthy).

    ``safety`` maps safety dimensions, or single safety items, to the answer (1 = never)
    given to their items (an item's own entry wins over its dimension's); ``None`` leaves
    the item blank.
    """
    answers: dict[str, int] = {}
    for item in bank.items_for(role):
        dim = bank.dimension_by_id[item.dimension]
        if dim not in bank.scored_dimensions:
            given = safety or {}
            answer = given.get(item.id, given.get(dim.id, _calm(bank, item)))
            if answer is not None:
                answers[item.id] = answer
            continue
        score = scores.get(dim.id, HEALTHY[dim.kind])
        value = 1 + 4 * score // 100
        answers[item.id] = 6 - value if item.reverse else value
    return answers


@pytest.fixture(scope="session")
def answers_for(bank: Bank) -> Callable[..., dict[str, int]]:
    """``answers_for(role, {dim: score}, safety)``: see :func:`persona_answers`."""

    def make(role: str, scores: Mapping[str, int], safety: Mapping[str, int | None] | None = None):
        return persona_answers(bank, role, scores, safety)

    return make


Persona = Callable[..., Result]


@pytest.fixture(scope="session")
def persona(bank: Bank) -> Persona:
    """Build a scored Result: ``persona(role, {dim: score}, safety={dim or item: answer})``."""

    def make(
        role: str,
        scores: Mapping[str, int] | None = None,
        *,
        safety: Mapping[str, int | None] | None = None,
        relationship: str = "romantic",
    ) -> Result:
        answers = persona_answers(bank, role, scores or {}, safety)
        return score_one(bank, role, relationship, answers, respondent="t")

    return make


def pdf_pages(data: bytes) -> list[str]:
    """Extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="session")
def pdf_text() -> Callable[[bytes], str]:
    """Extracted text of a whole PDF, pages joined, whitespace collapsed to single spaces."""

    def extract(data: bytes) -> str:
        return " ".join(" ".join(pdf_pages(data)).split())

    return extract


@pytest.fixture(scope="module")
def visit(answers_for: Callable[..., dict[str, int]]) -> Callable[..., object]:
    """The clinician tests' check-up maker (``clinician_kit.visit_maker``)."""
    from clinician_kit import visit_maker

    return visit_maker(answers_for)


@pytest.fixture(scope="module")
def plain(bank, visit) -> tuple[list[object], str]:
    """Two calm check-ups (suspicion 100 -> 50), with norms, no partner."""
    from clinician_kit import WHEN, norms_for, text_of

    from reports.clinician_pdf import clinician_pdf

    visits = [visit(1, {"suspicion": 100}), visit(15, {"suspicion": 50})]
    data = clinician_pdf(bank, visits, client_label="Ann", norms=norms_for(bank), when=WHEN)
    return visits, text_of(data)


@pytest.fixture(scope="module")
def flagged(bank, visit) -> str:
    from clinician_kit import FLAGGED, WHEN, norms_for, text_of

    from reports.clinician_pdf import clinician_pdf

    visits = [visit(1), visit(15, {"suspicion": 50}, FLAGGED)]
    return text_of(clinician_pdf(bank, visits, norms=norms_for(bank), when=WHEN))
