"""The PDF in Spanish: headings, safety words and the date in Spanish (Babel), accents
kept by the embedded font, and every page renders (pdftoppm; the first page is written to
tests/_artifacts/ to look at)."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from locales import catalogue
from questions import load_bank
from reports import build_pdf
from scoring import score_one

WHEN = datetime.date(2026, 12, 2)
ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
ES = catalogue("es")


def _answers(role: str, afraid: bool) -> dict[str, int]:
    bank = load_bank("es")
    answers: dict[str, int] = {}
    for item in bank.items_for(role):
        kind = bank.kind_of(item)
        if kind == "context":
            answers[item.id] = item.scale.points[0]
        elif kind == "safety":
            answers[item.id] = (
                3 if afraid and bank.dimension_by_id[item.dimension].id == "fear" else 1
            )
        else:
            answers[item.id] = 2 if item.reverse else 4
    return answers


def _pdf(afraid: bool) -> bytes:
    bank = load_bank("es")
    result = score_one(bank, "hurt", "friendship", _answers("hurt", afraid), respondent="t")
    return build_pdf(result, bank, alias="Begoña Muñoz", when=WHEN, locale="es")


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_speaks_spanish_and_dates_in_spanish() -> None:
    text = _text(_pdf(afraid=False))
    for message_id in ("report.heading.summary", "report.heading.steps", "report.cover.date"):
        assert ES.text(message_id) in text, message_id
    assert "2 de diciembre de 2026" in text  # Babel's long date in es
    assert "Begoña Muñoz" in text  # ñ kept by the font
    assert "Your scores in brief" not in text and "December" not in text


def test_a_flagged_report_opens_on_spanish_safety_words() -> None:
    text = " ".join(_text(_pdf(afraid=True)).split())
    assert ES.text("report.block.safety.title") in text
    assert "Your safety comes first" not in text


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None and os.environ.get("CI") != "true",
    reason="pdftoppm (poppler-utils) is not installed",
)
def test_every_spanish_page_renders(tmp_path: Path) -> None:
    data = _pdf(afraid=True)
    pdf = tmp_path / "informe.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(PdfReader(io.BytesIO(data)).pages)
    assert all(p.stat().st_size > 2_000 for p in pngs)  # not blank pages
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pngs[0], ARTIFACTS / "pdf-es-page1.png")
