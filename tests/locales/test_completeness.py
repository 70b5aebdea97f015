"""Every id the code uses exists in every shipped locale, and no locale has ids never used.

Ids come from two places: string literals in the project's source (``"app.welcome.title"``)
and ids built from data (items, steps, bands), which each package enumerates itself.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from locales import LOCALES, PSEUDO_LOCALE, catalogue
from locales.catalogue import ID_PATTERN
from questions import catalogue_ids as bank_ids
from questions import load_bank
from reports.content import catalogue_ids as report_ids
from reports.content import load_content
from scoring.rules import catalogue_ids as rule_ids
from scoring.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "app_pages", "checkup", "locales", "practice", "questions", "reports", "scoring", "storage"
)
DOMAINS = ("app", "bank", "cli", "report", "storage")
SHIPPED = [locale for locale in LOCALES if locale != PSEUDO_LOCALE]
FILE_TYPES = {"yaml", "po", "py", "json", "csv", "pdf", "txt", "toml"}  # "bank.yaml" is a file


def _sources() -> list[Path]:
    return [ROOT / "survey_app.py", *(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))]


def literal_ids() -> set[str]:
    """Every string literal of the source that is shaped like a catalogue id of a domain."""
    found: set[str] = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                parts = text.split(".")
                if (
                    ID_PATTERN.fullmatch(text)
                    and parts[0] in DOMAINS
                    and parts[-1] not in FILE_TYPES
                ):
                    found.add(text)
    return found


def used_ids() -> set[str]:
    """Literal ids plus the ids built from the bank, the report content and the rules."""
    return (
        literal_ids() | bank_ids(load_bank()) | report_ids(load_content()) | rule_ids(load_rules())
    )


def pending_ids(locale: str) -> set[str]:
    """The ids of the English files ``locales/<locale>/pending.txt`` names: not started yet
    (scripts/po_todo.py; the app shows their English text until they are translated)."""
    path = ROOT / "locales" / locale / "pending.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    names = [line.split("#")[0].strip() for line in lines]
    found: set[str] = set()
    for name in filter(None, names):
        with (ROOT / "locales" / "en" / name).open("rb") as handle:
            found |= {str(m.id[0] if m.pluralizable else m.id) for m in read_po(handle) if m.id}
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_used_id_exists_in_every_locale(locale: str) -> None:
    missing = sorted(used_ids() - catalogue(locale).own_ids() - pending_ids(locale))
    assert not missing, f"{locale} lacks {len(missing)} ids, e.g. {missing[:10]}"


@pytest.mark.parametrize("locale", SHIPPED)
def test_no_locale_holds_ids_the_code_never_uses(locale: str) -> None:
    unused = sorted(catalogue(locale).ids() - used_ids())
    assert not unused, f"{locale} has {len(unused)} unused ids, e.g. {unused[:10]}"


@pytest.mark.parametrize("locale", SHIPPED)
def test_translations_keep_the_english_fields_and_variants(locale: str) -> None:
    english, other = catalogue("en"), catalogue(locale)
    for (message_id, variant), forms in other.messages.items():
        source = english.messages.get((message_id, variant)) or english.messages.get(
            (message_id, None)
        )
        assert source is not None, f"{locale}: {message_id} [{variant}] is not in English"
        expected = set().union(*(_fields(form) for form in source))
        found = set().union(*(_fields(form) for form in forms))
        assert found == expected, f"{locale}: {message_id} [{variant}]: {found} != {expected}"
