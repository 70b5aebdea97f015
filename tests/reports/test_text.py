"""User text to Paragraph markup: escaped, shaped, font runs, visible replacement."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from reports.flowables import Card
from reports.fonts import load_fonts
from reports.styles import colour, paragraph_styles
from reports.text import markup, one_font, shaped

FONTS = load_fonts()
CJK = next(f.name for f in FONTS.fallbacks if f.covers("王"))
FOX = "\U0001f98a"  # an emoji DejaVu Sans lacks and Symbola has
SYMBOLS = next(f.name for f in FONTS.fallbacks if f.covers(FOX))

MARKUP = [
    ("Ann", "Ann"),
    ("Łódź Řehoř", "Łódź Řehoř"),
    ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ("a & b", "a &amp; b"),
    ('<font color="red">', '&lt;font color="red"&gt;'),
    ("王小明", f'<font name="{CJK}">王小明</font>'),
    (f"hi {FOX}", f'hi <font name="{SYMBOLS}">{FOX}</font>'),
    ("👨\u200d👩\u200d👧", f'<font name="{SYMBOLS}">👨👩👧</font>'),
    ("a\tb\nc", "a b c"),
    ("bell\x07", "bell\u25a1"),
    ("\U000f0001", "\u25a1"),
    ("e\u0301", "é"),
]


@pytest.mark.parametrize(("text", "expected"), MARKUP)
def test_markup(text: str, expected: str) -> None:
    assert markup(text, FONTS) == expected


def test_arabic_is_shaped_and_in_visual_order() -> None:
    out = shaped("سلام")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in out)
    assert sorted(unicodedata.normalize("NFKC", out)) == sorted("سلام")


def test_bold_base_falls_back_to_body_font_not_nothing() -> None:
    missing = next((chr(c) for c in sorted(FONTS.body.cmap - FONTS.bold.cmap) if c > 0x7F), None)
    if missing is None:
        pytest.skip("bold covers everything the body font does")
    assert f'<font name="{FONTS.body.name}">{missing}</font>' in markup(missing, FONTS, bold=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_and_keeps_every_character(text: str) -> None:
    """Each drawn character is the character itself or the visible replacement, one for one."""
    para = Paragraph(markup(text, FONTS), paragraph_styles(FONTS)["body"])
    para.wrap(400, 1000)
    kept = "".join(para.getPlainText().split())
    want = "".join(shaped(text).split())
    assert len(kept) == len(want)
    assert all(k == w or k == FONTS.replacement for k, w in zip(kept, want, strict=True))


def test_card_too_tall_for_a_page_gives_back_its_content() -> None:
    style = paragraph_styles(FONTS)["body"]
    paras = [Paragraph("word " * 80, style) for _ in range(30)]
    card = Card(paras, fill=colour("card"), max_height=700)
    assert card.split(450, 300) == paras
    small = Card(paras[:1], fill=colour("card"), max_height=700)
    assert small.split(450, 10) == []
    assert small.wrap(450, 800)[1] > 0


def test_reports_never_import_streamlit() -> None:
    for path in Path(__file__).resolve().parents[2].joinpath("reports").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "streamlit"], path


@pytest.mark.parametrize(
    ("text", "font", "drawn"),
    [
        ("Support", FONTS.body.name, "Support"),
        ("Łódź Ζωή", FONTS.body.name, "Łódź Ζωή"),
        ("王小明", CJK, "王小明"),
        ("王 Ann", CJK, "王 Ann"),
        (f"王 {FOX}", FONTS.body.name, "\u25a1 \u25a1"),  # no one font has both: replaced
        ("x\U000f0001", FONTS.body.name, "x\u25a1"),
        ("e\u0301", FONTS.body.name, "é"),
    ],
)
def test_chart_labels_are_drawn_in_one_font_that_has_them(text, font, drawn) -> None:
    assert one_font(text, FONTS) == (font, drawn)
    assert one_font("Support", FONTS, bold=True) == (FONTS.bold.name, "Support")


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("שרה (אמא)", "(אמא) הרש"),  # Hebrew: brackets print as typed, not )אמא(
        ("[דני] <3", "3> [ינד]"),
    ],
)
def test_right_to_left_text_keeps_its_brackets_the_right_way_round(typed: str, drawn: str) -> None:
    assert shaped(typed) == drawn


FAST_AND_SLOW = [
    "It’s “fine” — café, Ελένη, Иван",  # non-ASCII the body font has: the fast path
    "non\u00a0breaking",  # a no-break space becomes a space
    "cafe\u0301",  # decomposed: normalised to NFC
    "soft\u00adhyphen",  # an invisible character goes
    "emoji\ufe0f selector",  # a variation selector goes
    "שרה (אמא)",  # right to left: shaped and reordered
    "Ann 王",  # a fallback font run
    "tab\there",
]


@pytest.mark.parametrize("text", FAST_AND_SLOW)
@pytest.mark.parametrize("bold", [False, True])
def test_the_fast_path_gives_what_the_full_path_gives(
    text: str, bold: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.text as module

    fast = (markup(text, FONTS, bold=bold), one_font(text, FONTS, bold=bold))
    monkeypatch.setattr(module, "is_fast_path", lambda text, base: False)
    assert (markup(text, FONTS, bold=bold), one_font(text, FONTS, bold=bold)) == fast


def test_curly_quotes_and_accents_take_the_fast_path() -> None:
    from reports.text import is_fast_path

    assert is_fast_path("It’s “fine” — café", FONTS.body)
    assert not is_fast_path("non\u00a0breaking", FONTS.body)
    assert not is_fast_path("cafe\u0301", FONTS.body)
    assert not is_fast_path("emoji\ufe0f", FONTS.body)
    assert not is_fast_path("שרה", FONTS.body)


def test_the_shaping_libraries_load_only_for_right_to_left_text() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from reports.fonts import load_fonts; from reports.text import markup; "
        "f = load_fonts(); markup('It’s Łódź', f); a = 'arabic_reshaper' in sys.modules; "
        "markup('محمد', f); print(a, 'arabic_reshaper' in sys.modules, 'bidi' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "True", "True"]
