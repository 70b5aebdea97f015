"""The PDF: sections in order, the right steps, the safety path, every script, page renders."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing

from locales import LOCALES
from questions import load_bank
from reports import build_pdf, neutral_filename
from reports.chart import score_chart
from reports.content import Content, load_content
from reports.fonts import _matplotlib_fonts, find_body, load_fonts
from reports.pdf import HEADINGS, story
from reports.selection import build_plan
from reports.styles import FRAME_WIDTH
from scoring.result import score_one

WHEN = datetime.date(2026, 11, 23)
ENGLISH = load_content("en")
TITLE = ENGLISH.text("report.pdf.title")
HEADING = {k: ENGLISH.text(f"report.heading.{k}") for k in HEADINGS}
ORDER = [HEADING[k] for k in HEADINGS]


def _squash(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(n) for n in needles]
    assert -1 not in found, [n for n, f in zip(needles, found, strict=True) if f < 0]
    return found


def test_neutral_filename_and_metadata(persona, bank) -> None:
    assert neutral_filename(WHEN) == "checkup-2026-11-23.pdf"
    data = build_pdf(persona("hurt", {"suspicion": 100}), bank, alias="Ann", when=WHEN)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == TITLE
    for field in (meta.title, meta.subject, meta.author, meta.creator):
        assert not any(w in (field or "").lower() for w in ("trust", "betray", "affair", "ann"))


def test_invariant_output_is_byte_stable(persona, bank) -> None:
    result = persona("both", {"suspicion": 75})
    one = build_pdf(result, bank, when=WHEN, invariant=True)
    assert one == build_pdf(result, bank, when=WHEN, invariant=True)


@pytest.mark.parametrize(
    ("role", "scores", "present", "absent"),
    [
        ("broke", {"accountability": 0, "transparency": 25}, ["accountability"], []),
        ("hurt", {"suspicion": 100, "forgiveness": 0}, ["suspicion"], []),
        ("both", {"dwelling_on_past": 100, "change_plan": 0}, ["change_plan"], []),
    ],
)
def test_sections_in_order(
    persona, bank, content: Content, pdf_text, role, scores, present, absent
) -> None:
    result = persona(role, scores)
    text = pdf_text(build_pdf(result, bank, alias="Robin", when=WHEN))
    support = content.texts.support.title
    cover = [TITLE, "Robin", "23 November 2026", bank.roles[role], "A partner"]
    found = _positions(text, [*cover, *ORDER, support])
    assert found == sorted(found)
    assert content.texts.safety.title not in text
    plan = build_plan(result, bank, content)
    steps = text[text.find(HEADING["steps"]) : text.find(HEADING["strengths"])]
    titles = _positions(steps, [s.title for s in plan.steps])
    assert titles == sorted(titles) and 3 <= len(titles) <= 5
    for dim in present:  # the area's name (the bank's words) heads its steps
        assert " ".join(bank.dimension_by_id[dim].name.split()) in steps


def test_broke_persona_gets_no_hurt_only_steps(persona, bank, content, pdf_text) -> None:
    text = pdf_text(build_pdf(persona("broke", {"accountability": 0, "transparency": 0}), bank))
    hurt_only = [s.title for s in content.steps if "broke" not in s.roles]
    assert not [t for t in hurt_only if t in text]
    ours = [
        s
        for s in content.steps
        if s.dimension in ("accountability", "transparency")
        and "broke" in s.roles
        and "low" in s.bands
    ]
    assert sum(s.title in text for s in ours) >= 3


@pytest.mark.parametrize(
    ("safety", "self_harm"),
    [({"fear": 4}, False), ({"self_harm": 2}, True), ({"harm": 3, "self_harm": 5}, True)],
)
def test_safety_path(persona, bank, content: Content, pdf_text, safety, self_harm) -> None:
    result = persona(
        "hurt",
        {"anxious_clinging": 100, "communication": 0, "reconnection": 0, "suspicion": 100},
        safety=safety,
    )
    text = pdf_text(build_pdf(result, bank, when=WHEN))
    crisis, danger = content.texts.self_harm.title, content.texts.safety.title
    first = text.find(crisis if self_harm else danger)
    assert 0 < first < text.find(HEADING["summary"])  # safety texts before the scores
    assert (crisis in text) == self_harm
    assert (danger in text) == bool({"fear", "harm", "control"} & set(safety))
    if self_harm and danger in text:
        assert text.find(crisis) < text.find(danger)  # the crisis text comes first
    withheld = [s.title for s in content.steps if s.withheld_when_unsafe]
    assert not [t for t in withheld if t in text]
    assert text.find(HEADING["steps"]) > 0


def test_strengths_and_meanings_shown(persona, bank, content, pdf_text) -> None:
    moderate = {d.id: 50 for d in bank.scored_dimensions_for("hurt")}
    result = persona("hurt", moderate | {"suspicion": 0, "commitment": 100})
    plan = build_plan(result, bank, content)
    text = pdf_text(build_pdf(result, bank))
    part = text[text.find(HEADING["strengths"]) :]
    assert [s.dimension for s in plan.strengths] == ["suspicion", "commitment"]
    for strength in plan.strengths:
        assert " ".join(strength.text.split()) in part
    meaning = content.texts.meanings["suspicion", "hurt"]["low"]
    assert " ".join(meaning.split()) in text


def test_every_page_has_footer(persona, bank) -> None:
    data = build_pdf(persona("both", {"suspicion": 100}, safety={"self_harm": 2}), bank)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "A self-assessment, not a diagnosis" in page


MARKER = "\u25a1"
SCRIPTS = [
    ("Łódź Řehoř Zoë", "ŁódźŘehořZoë"),
    ("Ζωή Παπαδοπούλου", "ΖωήΠαπαδοπούλου"),
    ("Иван Петров", "ИванПетров"),
    ("王小明", "王小明"),
    ("محمد علي", "محمدعلي"),
    ("Sam 😀👍", "Sam😀👍"),
    ("<b>bold</b> & <font color=red>x</font>", "<b>bold</b>&<fontcolor=red>x</font>"),
    ("&amp; &lt;", "&amp;&lt;"),
    ("Ann\x07Lee", f"Ann{MARKER}Lee"),
    ("x\U000f0001y", f"x{MARKER}y"),
]


@pytest.mark.parametrize(("alias", "expected"), SCRIPTS)
def test_alias_in_any_script_is_never_dropped(persona, bank, alias, expected) -> None:
    data = build_pdf(persona("hurt", {}), bank, alias=alias, when=WHEN)
    first = _squash(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    want = _squash(expected)
    assert want in first or want[::-1] in first


def test_fresh_install_fonts_render_latin_greek_cyrillic(persona, bank, pdf_text) -> None:
    wheel_fonts = _matplotlib_fonts()
    if not wheel_fonts and os.environ.get("CI") != "true":
        pytest.skip("matplotlib (the wheel that ships DejaVu Sans) is not installed")
    assert find_body(wheel_fonts) is not None
    fonts = load_fonts(wheel_fonts, ())
    alias = "Řehoř Ελένη Иван 王"
    data = build_pdf(persona("hurt", {}), bank, alias=alias, fonts=fonts)
    assert _squash(f"Řehoř Ελένη Иван {MARKER}") in _squash(pdf_text(data))


def test_without_dejavu_letters_are_replaced_visibly(persona, bank, pdf_text, tmp_path) -> None:
    fonts = load_fonts((tmp_path,), ())
    assert fonts.replacement == "?"
    data = build_pdf(persona("hurt", {}), bank, alias="Zoë Řehoř Жанна", fonts=fonts)
    assert "Zoë ?eho? ?????" in pdf_text(data)


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None and os.environ.get("CI") != "true",
    reason="pdftoppm (poppler-utils) is not installed",
)
def test_pages_render_to_png(persona, bank, tmp_path: Path) -> None:
    result = persona("both", {"suspicion": 100, "commitment": 0}, safety={"self_harm": 2})
    pdf = tmp_path / neutral_filename(WHEN)
    pdf.write_bytes(build_pdf(result, bank, alias="Řehoř 王小明 محمد 😀", when=WHEN))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(PdfReader(str(pdf)).pages)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_unscored_dimensions_say_why(bank, answers_for, pdf_text) -> None:
    answers = answers_for("hurt", {"suspicion": 100})
    for item in bank.items_for("hurt", "suspicion")[:2]:
        del answers[item.id]
    result = score_one(bank, "hurt", "family", answers)
    assert result.dimensions["suspicion"].score is None
    text = pdf_text(build_pdf(result, bank, when=WHEN))
    assert "not scored (too few answers)" in text
    assert f"Not scored: {result.dimensions['suspicion'].reason}" in text
    assert "A family member" in text


@settings(max_examples=25, deadline=None)
@given(alias=st.text(min_size=1, max_size=30))
def test_any_alias_builds_a_report(bank, answers_for, alias) -> None:
    result = score_one(bank, "both", "work", answers_for("both", {"suspicion": 75}))
    assert build_pdf(result, bank, alias=alias, when=WHEN).startswith(b"%PDF-")


def test_chart_is_valid_with_shape_checking_on(persona, bank, content) -> None:
    plan = build_plan(persona("both", {"suspicion": 100}), bank, content)
    drawing = score_chart(plan.dimensions, load_fonts(), FRAME_WIDTH, content)
    assert rl_config.shapeChecking  # restored after building
    checked = Drawing(drawing.width, drawing.height)
    for node in drawing.contents:
        checked.add(node)  # validates every node as reportlab would
        for name, value in list(node.__dict__.items()):
            if not name.startswith("_"):
                setattr(node, name, value)


# ---------------------------------------------------------------- every word from the catalogue

INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[^\W\d_]+")


def _all_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _unwrapped_words(text: str) -> list[str]:
    """Words outside every ⟦…⟧ run (runs nest where a message fills in another)."""
    while (stripped := INNERMOST.sub(" ", text)) != text:
        text = stripped
    return WORD.findall(text)


PSEUDO_CASES = [
    ("hurt", {"suspicion": 100, "forgiveness": 0}, {"fear": 3}, "romantic"),
    ("broke", {"accountability": 0}, {"self_harm": 2}, "work"),
    ("both", {}, None, "family"),  # no steps: the "nothing needed" text
]


@pytest.mark.parametrize(("role", "scores", "safety", "relationship"), PSEUDO_CASES)
def test_pseudo_locale_wraps_every_word_but_the_alias_and_date(
    bank, answers_for, role, scores, safety, relationship
) -> None:
    result = score_one(bank, role, relationship, answers_for(role, scores, safety))
    alias = "Zoë Ann"
    data = build_pdf(result, bank, alias=alias, when=WHEN, locale="qps-ploc")
    text = _all_text(data)
    assert "⟦" in text and alias in text
    assert set(_unwrapped_words(text)) <= {"Zoë", "Ann", "November"}  # alias; date as English
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title.startswith("⟦") and meta.author.startswith("⟦")


def test_unscored_rows_are_wrapped_in_the_pseudo_locale(bank, answers_for) -> None:
    answers = answers_for("hurt", {"suspicion": 100})
    for item in bank.items_for("hurt", "suspicion")[:2]:
        del answers[item.id]
    result = score_one(bank, "hurt", "family", answers)
    text = _all_text(build_pdf(result, bank, when=WHEN, locale="qps-ploc"))
    assert _unwrapped_words(text) == ["November"]


def _shape(flowables: list[Any]) -> list[str]:
    return [type(f).__name__ for f in flowables]


@pytest.mark.parametrize(("role", "scores", "safety", "relationship"), PSEUDO_CASES)
def test_same_structure_in_every_locale(bank, answers_for, role, scores, safety, relationship):
    result = score_one(bank, role, relationship, answers_for(role, scores, safety))
    fonts = load_fonts()
    shapes = {}
    for locale in LOCALES:
        content = load_content(locale)
        plan = build_plan(result, load_bank(locale), content)
        flowables = story(plan, fonts, "Ann", WHEN, content)
        chart = next(f for f in flowables if isinstance(f, Drawing))
        shapes[locale] = (
            _shape(flowables),
            _shape(chart.contents),
            [s.id for s in plan.steps],
            [s.dimension for s in plan.strengths],
            [(d.id, d.band) for d in plan.dimensions],
            len(plan.safety),
        )
    assert len(set(map(repr, shapes.values()))) == 1, shapes.keys()


def test_plan_and_bank_in_different_locales_are_refused(persona, bank) -> None:
    with pytest.raises(ValueError, match="bank is in 'en' but the content in 'qps-ploc'"):
        build_plan(persona("hurt", {}), bank, load_content("qps-ploc"))


def test_a_long_name_shrinks_to_fit_beside_the_bars(content) -> None:
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reports.selection import DimensionRow
    from reports.styles import CHART

    long_name = "Bereitschaft zur Wiedergutmachung zeigen"
    rows = [
        DimensionRow("a", "Short", "sign", 50.0, "moderate", "", None),
        DimensionRow("b", long_name, "sign", 70.0, "high", "", None),
    ]
    fonts = load_fonts()
    drawing = score_chart(rows, fonts, FRAME_WIDTH, content)
    names = {n.text: n for n in drawing.contents if isinstance(n, String)}
    assert names["Short"].fontSize == CHART["font_size"]
    shrunk = names[long_name]
    assert CHART["min_font_size"] <= shrunk.fontSize < CHART["font_size"]
    width = stringWidth(long_name, fonts.body.name, shrunk.fontSize)
    assert CHART["label_width"] - 6 < width <= CHART["label_width"] - 5 + 0.01


@pytest.mark.skipif(
    not any(f.covers("王") for f in load_fonts().fallbacks), reason="no CJK fallback font"
)
def test_footer_words_in_another_script_are_drawn(persona, bank, content) -> None:
    import dataclasses

    from reports import render

    plan = dataclasses.replace(
        build_plan(persona("hurt", {}), bank, content), disclaimer="自我评估"
    )
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render(plan, when=WHEN))).pages]
    assert all("自我评估" in page for page in pages)


@pytest.mark.skipif(
    not any(f.covers("王") for f in load_fonts().fallbacks), reason="no CJK fallback font"
)
def test_table_words_in_another_script_are_drawn(persona, bank, content) -> None:
    import dataclasses

    from reports import render

    plan = build_plan(persona("hurt", {"suspicion": 100}), bank, content)
    first = dataclasses.replace(plan.dimensions[0], name="信任", meaning="你感到平静 and calm")
    plan = dataclasses.replace(plan, dimensions=(first, *plan.dimensions[1:]))
    text = _squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(plan))).pages))
    assert "信任" in text and "你感到平静andcalm" in text
