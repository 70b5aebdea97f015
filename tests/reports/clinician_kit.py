"""Helpers of the clinician-report tests: constants, PDF text, norms, a check-up maker."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable

from pypdf import PdfReader

from locales import catalogue
from questions import Bank, load_bank
from reports.clinician_pdf import Visit
from scoring.norms import DimensionNorm, NormStatus
from scoring.result import score_one

WHEN = dt.date(2026, 12, 1)
EN = catalogue("en")
NORM = DimensionNorm(alpha=0.80, sd=20.0, n=40)
CRITICAL = EN.text("report.clinician.critical.heading")
SCORES_AT = "Scores at the latest check-up"
PARTNER = EN.text("report.clinician.partner.heading")
# answers that raise every critical flag: intent (urgent), strangulation (high danger)
FLAGGED = {"harm_choke": 3, "selfharm_2": 3, "selfharm_intent": 2}


def squash(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def text_of(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((p.extract_text() or "") for p in pages).split())


MakeVisit = Callable[..., Visit]


def visit_maker(answers_for: Callable[..., dict[str, int]]) -> MakeVisit:
    """``visit(day, {dim: score}, safety, role=, form=)``: a scored check-up on 2026-11-<day>."""

    def make(day, scores=None, safety=None, *, role="hurt", form=None, na=frozenset()):
        answers = answers_for(role, scores or {}, safety)
        for item in na:
            answers.pop(item, None)
        result = score_one(load_bank(), role, "romantic", answers)
        taken = dt.datetime(2026, 11, day, 9, 30, tzinfo=dt.UTC)
        return Visit(taken, result, answers, frozenset(na), form=form)

    return make


def norms_for(bank: Bank, **special: NormStatus) -> dict[str, NormStatus]:
    out = {d.id: NormStatus("ok", NORM.n, NORM) for d in bank.scored_dimensions}
    return {**out, **special}
