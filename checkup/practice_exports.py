"""A client's check-ups as files for the practice: the clinician PDF, a FHIR R4 Bundle, CSV
(formula-safe) and JSON; and what the client page shows of one check-up (each answer, the
critical ones marked). No streamlit. Every file is built first and then noted in the audit log
(``store.practice.note_export``); when the note cannot be written, no file is handed out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from checkup.practice import CRITICAL_FLAGS, CheckupLike, ClientLike
from locales import Catalogue
from questions import Bank, Item
from scoring.rules import load_rules

ExportKind = Literal["pdf", "fhir", "csv", "json"]
EXPORT_KINDS: tuple[ExportKind, ...] = ("pdf", "fhir", "csv", "json")
MIME = {
    "pdf": "application/pdf",
    "fhir": "application/fhir+json",
    "csv": "text/csv",
    "json": "application/json",
}
if TYPE_CHECKING:
    from reports.clinician_model import Partner, Visit
    from scoring.norms import NormStatus

_EXTENSION = {"pdf": "pdf", "fhir": "fhir.json", "csv": "csv", "json": "json"}


@dataclass(frozen=True)
class AnswerRow:
    """One question of a check-up as the client page lists it."""

    number: int
    item_id: str
    text: str
    answer: str
    critical: bool  # an endorsed item of a critical flag (urgent, high danger, ...)


def _critical_items(bank: Bank) -> frozenset[str]:
    rules = load_rules()
    chosen = [flag for flag in rules.flags if flag.name in CRITICAL_FLAGS]
    return frozenset(
        item.id
        for item in bank.items
        for flag in chosen
        if flag.covers(item.id, item.dimension, bank.kind_of(item))
    )


def _wording(item: Item, role: str, relationship: str) -> str:
    try:
        return item.text_for(role, relationship)
    except KeyError:  # a role or relationship this item is not worded for: the neutral text
        return item.text


def answer_rows(checkup: CheckupLike, bank: Bank, cat: Catalogue) -> list[AnswerRow]:
    """Every answer of ``checkup`` in bank order, in the words it was asked in; answers to
    items this bank no longer has come last, by id."""
    record = checkup.record
    critical = _critical_items(bank)
    known = {item.id: item for item in bank.items}
    rows: list[AnswerRow] = []
    ordered = [i for i in bank.items if i.id in record.answers]
    ordered_ids = [i.id for i in ordered] + sorted(set(record.answers) - set(known))
    for number, item_id in enumerate(ordered_ids, start=1):
        value = record.answers[item_id]
        item = known.get(item_id)
        if item is None:
            text, answer = cat.text("app.practice.client.retired_item"), str(value)
        else:
            text = _wording(item, record.role, record.relationship)
            answer = item.scale.labels.get(value, str(value))
        endorsed = item is not None and value > item.scale.min
        rows.append(AnswerRow(number, item_id, text, answer, endorsed and item_id in critical))
    return rows


def file_name(kind: ExportKind, when: dt.date) -> str:
    """A neutral file name: ``intake-2026-12-01.csv`` (nothing about the client or topic)."""
    return f"intake-{when.isoformat()}.{_EXTENSION[kind]}"


def _saved(checkups: Sequence[CheckupLike]) -> list[Any]:
    from storage import SavedCheckup

    return [SavedCheckup(c.checkup_id, c.record, c.submitted_at) for c in checkups]


def _fhir(client_id: str, checkups: Sequence[CheckupLike], bank: Bank) -> bytes:
    from scoring.fhir import Checkup, bundle_for

    plain = [
        Checkup(
            respondent=client_id,
            role=c.record.role,
            relationship=c.record.relationship,
            answers=c.record.answers,
            scores=c.record.scores,
            flags=tuple(c.record.flags),
            created_at=c.submitted_at,
            checkup_id=c.checkup_id,
        )
        for c in checkups
    ]
    return json.dumps(bundle_for(bank, plain), ensure_ascii=False, indent=2).encode()


def visits(checkups: Sequence[CheckupLike], bank: Bank) -> list[Visit]:
    """The check-ups as the clinician report reads them, each scored with its own form."""
    from reports.clinician_model import visits_from

    return visits_from(checkups, bank)


def partner_of(
    summary: ClientLike, clients: Sequence[ClientLike], bank: Bank
) -> Partner | None:
    """The linked partner for the report, only when both partners' latest check-ups agreed
    to be compared (else None: no gaps are shown)."""
    from reports.clinician_model import partner_from

    partner_id = getattr(summary, "partner_id", None)
    other = next((c for c in clients if c.client_id == partner_id), None)
    if other is None or not summary.checkups or not other.checkups:
        return None
    mine = max(summary.checkups, key=lambda c: c.submitted_at)
    theirs = max(other.checkups, key=lambda c: c.submitted_at)
    if not (_agreed(mine) and _agreed(theirs)):
        return None
    return partner_from([theirs], bank, other.label)


def _agreed(checkup: CheckupLike) -> bool:
    consent = getattr(checkup, "consent", None)
    return bool(getattr(consent, "compare_with_partner", False))


def clinician_report(
    summary: ClientLike,
    checkups: Sequence[CheckupLike],
    clients: Sequence[ClientLike],
    bank: Bank,
    names: tuple[str | None, str | None],
    norms: Mapping[str, NormStatus] | None = None,
) -> bytes:
    """The clinician PDF of the client's check-ups (``names``: practice and therapist), with
    the practice's own norms (made here when not given) and the consented partner."""
    from checkup.practice import practice_norms
    from reports.clinician_pdf import clinician_pdf

    return clinician_pdf(
        bank,
        visits(checkups, bank),
        client_label=summary.label,
        practice=names[0],
        therapist=names[1],
        norms=practice_norms(clients, bank) if norms is None else norms,
        partner=partner_of(summary, clients, bank),
        locale=bank.locale,
    )


def build(
    kind: ExportKind,
    client: tuple[str, str],
    checkups: Sequence[CheckupLike],
    bank: Bank,
    pdf: Callable[[], bytes] | None = None,
) -> bytes:
    """The file of ``kind`` for the client (``client``: id and label) and their check-ups,
    oldest first. The PDF comes from ``pdf`` (the clinician report's builder)."""
    from storage.exchange import build_csv, build_json

    client_id, label = client
    if kind == "csv":
        return build_csv(label, _saved(checkups)).encode()
    if kind == "json":
        return build_json(label, _saved(checkups), dt.datetime.now(dt.UTC)).encode()
    if kind == "fhir":
        return _fhir(client_id, checkups, bank)
    if pdf is None:
        raise ValueError("no clinician report builder")
    return pdf()


def noted(note: Callable[[], object], make: Callable[[], bytes]) -> bytes:
    """``make()``'s file, handed out only once ``note()`` (the audit entry) has been written."""
    data = make()
    note()
    return data
