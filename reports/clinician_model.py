"""The clinician report's input, as plain typed values, and its settings (``data/clinician.yaml``).

Reports do not import storage: the practice pages turn a client's stored check-ups into
:class:`Visit` values (engineer C, ``checkup/practice.py``), score them with
:func:`scoring.result.score_one`, and pass them to :func:`reports.clinician_pdf.clinician_pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from questions import FULL_FORM, Bank
from reports import yaml_checks as check
from scoring.result import Result, score_one

SETTINGS_FILE = Path(__file__).with_name("data") / "clinician.yaml"
_KEYS = frozenset(
    {"critical_flags", "confidence_z", "visit_columns", "chart_columns", "name_max", "file_stem"}
)


@dataclass(frozen=True)
class Visit:
    """One check-up of the client.

    ``answers``: item id -> scale point as given (context items too); ``not_applicable``: the
    items answered "Does not apply" (they count as unanswered in the scores); ``form``
    (``full``/``pulse``) and ``bank_version`` default to the result's form and the bank's
    version. The context answers are read from ``answers`` (``Bank.context_of``).
    """

    taken_at: dt.datetime
    result: Result
    answers: Mapping[str, int] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()
    form: str | None = None
    bank_version: str | None = None

    @property
    def form_name(self) -> str:
        return self.form or self.result.form

    def version(self, bank: Bank) -> str:
        return self.bank_version or bank.version

    def context(self, bank: Bank) -> dict[str, str]:
        """Context item id -> choice id: the answers' own, else the result's."""
        return bank.context_of(self.answers) or dict(self.result.context)


@dataclass(frozen=True)
class Partner:
    """The client's partner, also a client of the same therapist, when both consented to
    be compared: their latest scored check-up and, optionally, their item answers (for the
    agreement per area). Only scored dimensions are read (:func:`scoring.couple.compare`)."""

    result: Result
    answers: Mapping[str, int] | None = None
    label: str | None = None


class RecordLike(Protocol):
    """What a stored check-up record gives (``storage.CheckupRecord`` has these)."""

    @property
    def role(self) -> str: ...
    @property
    def relationship(self) -> str: ...
    @property
    def answers(self) -> Mapping[str, int]: ...
    @property
    def form(self) -> str: ...
    @property
    def bank_version(self) -> str: ...


class CheckupLike(Protocol):
    """A client's stored check-up (``store.practice``'s ``ClientCheckup`` has these)."""

    @property
    def submitted_at(self) -> dt.datetime: ...
    @property
    def record(self) -> RecordLike: ...


def visit_from(checkup: CheckupLike, bank: Bank) -> Visit:
    """A stored check-up as a :class:`Visit`, scored again with its own form's bank (a form
    the bank does not know is scored as the full form and named as stored). A record with a
    ``not_applicable`` collection of item ids gives the "Does not apply" answers; without
    one they print as not answered."""
    record = checkup.record
    known = record.form == FULL_FORM or record.form in bank.forms
    form_bank = bank.for_form(record.form if known else FULL_FORM)
    answers = dict(record.answers)
    result = score_one(form_bank, record.role, record.relationship, answers)
    skipped = frozenset(getattr(record, "not_applicable", None) or ())  # once records keep it
    return Visit(
        checkup.submitted_at,
        result,
        answers,
        skipped,
        form=record.form,
        bank_version=record.bank_version,
    )


def visits_from(checkups: Sequence[CheckupLike], bank: Bank) -> list[Visit]:
    """Every stored check-up as a :class:`Visit` (any order: the report sorts them)."""
    return [visit_from(c, bank.for_form(FULL_FORM)) for c in checkups]


def partner_from(checkups: Sequence[CheckupLike], bank: Bank, label: str | None = None) -> Partner:
    """The partner's latest stored check-up as a :class:`Partner` (answers included)."""
    if not checkups:
        raise ValueError("a partner needs at least one check-up")
    latest = max(visits_from(checkups, bank), key=lambda v: v.taken_at)
    return Partner(latest.result, latest.answers, label)


@dataclass(frozen=True)
class Settings:
    """What ``clinician.yaml`` decides."""

    critical_flags: tuple[str, ...]
    confidence_z: float
    visit_columns: int
    chart_columns: int
    name_max: int
    file_stem: str


def _count(doc: Mapping[str, object], key: str, where: str, most: int) -> int:
    value = doc.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        raise check.fail(where, f"'{key}' must be a whole number from 1 to {most}")
    return value


def read_settings(path: Path, flags: tuple[str, ...]) -> Settings:
    """The validated settings of ``path``; ``flags``: the rules' flag names."""
    where = path.name
    doc = check.read_yaml(path, where)
    check.keys(doc, _KEYS, frozenset(), where)
    critical = check.choices(doc, "critical_flags", flags, where)
    z = doc["confidence_z"]
    if not isinstance(z, int | float) or isinstance(z, bool) or not 0 < z < 5:
        raise check.fail(where, "'confidence_z' must be a number between 0 and 5")
    stem = check.name({"file_stem": str(doc["file_stem"]).replace("-", "_")}, "file_stem", where)
    return Settings(
        critical_flags=critical,
        confidence_z=float(z),
        visit_columns=_count(doc, "visit_columns", where, 8),
        chart_columns=_count(doc, "chart_columns", where, 6),
        name_max=_count(doc, "name_max", where, 1000),
        file_stem=stem.replace("_", "-"),
    )


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    """The project's clinician report settings, read once (not user data)."""
    from scoring.rules import load_rules

    return read_settings(SETTINGS_FILE, tuple(f.name for f in load_rules().flags))


def clinician_filename(when: dt.date) -> str:
    """A file name that names no topic and no person: ``checkup-report-2026-12-01.pdf``."""
    return f"{load_settings().file_stem}-{when.isoformat()}.pdf"
