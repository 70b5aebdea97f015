"""The catalogue ids of the report's words that are built from data (step, dimension, role,
band, kind, block names): one function per kind of id, so every id has one spelling.

All live in ``locales/<locale>/report.po`` (domain ``report``);
:func:`reports.content.catalogue_ids` lists every one the content uses.
"""

from __future__ import annotations

DOMAIN = "report"


def step_word_id(step: str, word: str) -> str:
    """``report.step.<step>.<word>`` (title, why, try_this_week, prompt)."""
    return f"{DOMAIN}.step.{step}.{word}"


def strength_id(strength: str) -> str:
    return f"{DOMAIN}.strength.{strength}"


def meaning_id(dimension: str, role: str, band: str) -> str:
    return f"{DOMAIN}.meaning.{dimension}.{role}.{band}"


def composite_id(composite: str, role: str, band: str) -> str:
    return f"{DOMAIN}.composite.{composite}.{role}.{band}"


def composite_label_id(composite: str) -> str:
    return f"{DOMAIN}.composite.{composite}.label"


def kind_word_id(kind: str, word: str = "label") -> str:
    """``report.kind.<kind>.<word>``: label (one line), title and note (two lines)."""
    return f"{DOMAIN}.kind.{kind}.{word}"


def prompt_label_id(prompt_kind: str) -> str:
    return f"{DOMAIN}.prompt.{prompt_kind}"


def block_word_id(block: str, part: str) -> str:
    """``report.block.<block>.title`` or one of its paragraphs."""
    return f"{DOMAIN}.block.{block}.{part}"


def safe_composite_id(composite: str, band: str) -> str:
    """``report.composite.<composite>.safe.<band>``: the wording when safety comes first."""
    return f"{DOMAIN}.composite.{composite}.safe.{band}"


def note_id(note: str) -> str:
    """``report.note.<note>``: a one-line note above the scores (flag_effects.yaml)."""
    return f"{DOMAIN}.note.{note}"


def path_title_id(path: str) -> str:
    """``report.path.<path>.title``: the name shown on a context path's steps."""
    return f"{DOMAIN}.path.{path}.title"


def form_note_id(note: str) -> str:
    """``report.form.<note>.note``: the line saying which form a report is (forms.yaml)."""
    return f"{DOMAIN}.form.{note}.note"
