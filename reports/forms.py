"""What a report of each form shows (``data/forms.yaml``): the full check-up, or the short
pulse check-in whose report is shorter and says what it is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reports import yaml_checks as check

FORMS_FILE = Path(__file__).with_name("data") / "forms.yaml"
FORM_KEYS = frozenset({"max_steps", "max_strengths", "table"})
DEFAULT_FORM = "full"


@dataclass(frozen=True)
class FormReport:
    """How long a report of one form is and what it adds."""

    form: str
    max_steps: int
    max_strengths: int
    table: bool
    note: str  # "" or a note name: report.form.<note>.note


def _count(raw: dict[str, object], key: str, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise check.fail(where, f"'{key}' must be a whole number from 0 to 10")
    return value


def read_forms(path: Path) -> dict[str, FormReport]:
    """The validated forms of ``path``; ``full`` must be one of them."""
    doc = check.read_yaml(path, path.name)
    check.keys(doc, frozenset({"forms"}), frozenset(), path.name)
    table = doc["forms"]
    if not isinstance(table, dict) or DEFAULT_FORM not in table:
        raise check.fail(path.name, f"'forms' must map form names to reports, '{DEFAULT_FORM}' too")
    out = {}
    for form, raw in table.items():
        where = f"{path.name}: forms.{form}"
        check.keys(raw, FORM_KEYS, frozenset({"note"}), where)
        note = check.name(raw, "note", where) if "note" in raw else ""
        out[str(form)] = FormReport(
            form=str(form),
            max_steps=_count(raw, "max_steps", where),
            max_strengths=_count(raw, "max_strengths", where),
            table=check.flag(raw, "table", where),
            note=note,
        )
    return out


@lru_cache(maxsize=1)
def load_forms() -> dict[str, FormReport]:
    return read_forms(FORMS_FILE)


def form_report(form: str | None) -> FormReport:
    """The report of ``form`` (None: the full check-up); ValueError for an unknown form."""
    forms = load_forms()
    found = forms.get(form or DEFAULT_FORM)
    if found is None:
        raise ValueError(f"unknown form {form!r}; known: {sorted(forms)}")
    return found
