"""Turn any text into safe Paragraph markup: escaped, shaped, and never silently dropped.

Every string (typed by a person or read from the content files) goes through :func:`markup`:
markup-like text prints literally, Arabic and Hebrew are shaped and put in visual order,
and each character is drawn in the first font that has it. A character no available font
covers is replaced by a visible marker (``FontSet.replacement``).
"""

from __future__ import annotations

import unicodedata

from reports.fonts import Face, FontSet

# Invisible joiners, selectors and the soft hyphen: they have no glyph of their own.
IGNORABLE = frozenset(
    {0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10)}
    | set(range(0xE0100, 0xE01F0))
)
RTL_CLASSES = frozenset({"R", "AL", "AN"})


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities: what ``xml.sax.saxutils.escape`` does, without
    importing it (it pulls in urllib.request, http.client and ssl: ~20 ms of every run)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _visual_order(text: str) -> str:
    """Shape Arabic letters and reorder right-to-left runs for drawing left to right."""
    if not any(unicodedata.bidirectional(c) in RTL_CLASSES for c in text):
        return text
    # Imported here: only right-to-left text needs them (~15 ms of every run otherwise).
    import arabic_reshaper

    # python-bidi's Python implementation of the Unicode bidirectional algorithm mirrors
    # brackets and other mirrored characters in right-to-left runs (rule L4: "שרה (אמא)"
    # keeps its brackets the right way round); the faster Rust ``bidi.get_display`` of 0.5+
    # does not.
    from bidi.algorithm import get_display

    try:
        return str(get_display(arabic_reshaper.reshape(text)))
    except Exception:  # never lose the text over a shaping failure: draw it unshaped
        return text


def _normalise(text: str) -> str:
    """One line of NFC text: whitespace becomes a space, invisible selectors go."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace():
            out.append(" ")
        elif ord(char) not in IGNORABLE:
            out.append(char)
    return "".join(out)


def _runs(text: str, fonts: FontSet, base: Face) -> list[tuple[Face, str]]:
    """Split text into (face, chars) runs; ``base`` for anything the body font has."""
    runs: list[tuple[Face, str]] = []
    for char in text:
        found = base if char == " " or base.covers(char) else fonts.face_for(char)
        if found is None or unicodedata.category(char) in ("Cc", "Cs"):
            found, char = base, fonts.replacement
        face = found
        if runs and runs[-1][0] is face:
            runs[-1] = (face, runs[-1][1] + char)
        else:
            runs.append((face, char))
    return runs


def shaped(text: str) -> str:
    """The text as it will be drawn (normalised, shaped, visual order): for tests and search."""
    return _visual_order(_normalise(text))


def markup(text: str, fonts: FontSet, *, bold: bool = False) -> str:
    """Escaped Paragraph markup for ``text``, with font runs for fallback glyphs."""
    base = fonts.bold if bold else fonts.body
    if is_fast_path(text, base):
        return escape(text)
    parts = []
    for face, chars in _runs(shaped(text), fonts, base):
        safe = escape(chars)
        parts.append(safe if face is base else f'<font name="{face.name}">{safe}</font>')
    return "".join(parts)


def is_fast_path(text: str, base: Face) -> bool:
    """True when the text is drawn as it is, all in the base font (skip the slow path): NFC,
    printable (so no whitespace but spaces, no control or format characters), no invisible
    selector, no right-to-left letter, every character in the base font. Curly quotes and
    accented letters pass: each distinct character is checked once, not each position."""
    if not text.isprintable():
        return False
    if text.isascii():
        return base.covers_all(text)
    if not unicodedata.is_normalized("NFC", text):
        return False
    codes = set(map(ord, text)) - {0x20}
    return (
        base.cmap.issuperset(codes)
        and IGNORABLE.isdisjoint(codes)
        and not any(unicodedata.bidirectional(chr(c)) in RTL_CLASSES for c in codes)
    )


def one_font(text: str, fonts: FontSet, *, bold: bool = False) -> tuple[str, str]:
    """(font name, text) for a chart label drawn in a single font: the base face when it has
    every character, else the first fallback that has them all, else the base face with
    each missing character replaced visibly. Never drops a letter silently."""
    base = fonts.bold if bold else fonts.body
    if is_fast_path(text, base):
        return base.name, text
    drawn = shaped(text)
    for face in (base, *fonts.fallbacks):
        if all(c == " " or face.covers(c) for c in drawn):
            return face.name, drawn
    return base.name, "".join(c if c == " " or base.covers(c) else fonts.replacement for c in drawn)
