"""Fallback fonts (CJK, symbols) are registered only when a report needs a character the body
font lacks: reading them cost ~0.24 s of every ``python -m reports`` run (issue 13)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from reports import build_pdf
from reports.fonts import BODY_DIRS, FALLBACKS, FallbackSpec, load_fonts

CJK = next((f.path for f in FALLBACKS if "wqy" in str(f.path)), Path("/nonexistent"))
pytestmark = pytest.mark.skipif(
    not CJK.is_file() and os.environ.get("CI") != "true", reason="fonts-wqy-zenhei missing"
)


def _registered(prefix: str) -> bool:
    return any(n.startswith(prefix) for n in pdfmetrics.getRegisteredFontNames())


def test_fallbacks_wait_until_a_character_needs_them(persona, bank, pdf_text) -> None:
    probe = "TCLazyProbe"
    fonts = load_fonts(BODY_DIRS, (FallbackSpec(probe, CJK),))
    assert fonts.fallback_specs and not _registered(probe)

    build_pdf(persona("hurt", {}), bank, alias="Ann Řehoř Ελένη", fonts=fonts)
    assert not _registered(probe), "a report DejaVu Sans covers registered the CJK font"

    data = build_pdf(persona("hurt", {}), bank, alias="王小明", fonts=fonts)
    assert _registered(probe)
    assert "王小明" in pdf_text(data)
    assert [f.name.split("-")[0] for f in fonts.fallbacks] == [probe]


def test_a_missing_fallback_file_is_left_out(tmp_path: Path) -> None:
    fonts = load_fonts(BODY_DIRS, (FallbackSpec("TCGone", tmp_path / "none.ttf"),))
    assert fonts.fallback_specs == () and fonts.fallbacks == ()
    assert fonts.face_for("王") is None
