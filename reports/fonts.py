"""Fonts for the PDF: find and register them once, and know which characters each covers.

The body font is DejaVu Sans (Latin, Greek, Cyrillic, Arabic presentation forms), found in
Debian's ``fonts-dejavu-core`` or inside the matplotlib wheel. Optional fallbacks cover
Chinese (WenQuanYi Zen Hei) and emoji (Symbola). Without DejaVu the report falls back to
reportlab's bundled Vera (Latin-1 only); missing letters are then replaced visibly.
"""

from __future__ import annotations

import importlib.util
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont


def _matplotlib_fonts() -> tuple[Path, ...]:
    """The folder of TTFs inside the installed matplotlib wheel, without importing it."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(Path(p) / "mpl-data" / "fonts" / "ttf" for p in spec.submodule_search_locations)


SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BODY_DIRS: tuple[Path, ...] = (SYSTEM_DEJAVU, *_matplotlib_fonts())
BODY_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class FallbackSpec:
    """An optional font for characters the body font lacks (file, subfont index)."""

    name: str
    path: Path
    subfont: int = 0


FALLBACKS: tuple[FallbackSpec, ...] = (
    FallbackSpec("TCFallbackCJK", Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")),
    FallbackSpec(
        "TCFallbackSymbols", Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
    ),
)

BODY = "TCBody"
BOLD = "TCBold"
VERA = ("Vera", "VeraBd")  # bundled with reportlab: the last resort


@dataclass(frozen=True)
class Face:
    """A registered font name and the code points it has glyphs for."""

    name: str
    cmap: frozenset[int]

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def covers_all(self, text: str) -> bool:
        """Whether every character of ``text`` (spaces and newlines aside) has a glyph here."""
        return self.cmap.issuperset(map(ord, set(text) - {" ", "\n"}))


@dataclass(frozen=True)
class FontSet:
    """The registered fonts a report uses; the fallbacks are registered on first use.

    Why lazily: reading the CJK and symbol fonts took ~0.24 s of every ``python -m reports``
    run (issue 13), and most reports never need a character DejaVu Sans lacks.
    """

    body: Face
    bold: Face
    fallback_specs: tuple[FallbackSpec, ...]  # present on disk, registered when first needed
    replacement: str  # shown for a character no font covers

    @property
    def fallbacks(self) -> tuple[Face, ...]:
        """The fallback faces, registered once per process on first use."""
        return _fallback_faces(self.fallback_specs)

    def face_for(self, char: str) -> Face | None:
        """The first face (body, then fallbacks) with a glyph for ``char``."""
        if self.body.covers(char):
            return self.body
        return next((f for f in self.fallbacks if f.covers(char)), None)


@lru_cache(maxsize=4)
def _fallback_faces(specs: tuple[FallbackSpec, ...]) -> tuple[Face, ...]:
    return tuple(_register(f.name, f.path, f.subfont) for f in specs)


def _register(prefix: str, path: Path, subfont: int = 0) -> Face:
    """Register a TTF under a name unique to its file, so two font sets never clash."""
    name = f"{prefix}-{zlib.crc32(str(path.resolve()).encode()):08x}"
    font = TTFont(name, str(path), subfontIndex=subfont)
    pdfmetrics.registerFont(font)
    return Face(name, frozenset(font.face.charToGlyph))


def find_body(dirs: Sequence[Path]) -> tuple[Path, Path] | None:
    """The first folder holding both DejaVu Sans and DejaVu Sans Bold."""
    for folder in dirs:
        body, bold = folder / BODY_FILE, folder / BOLD_FILE
        if body.is_file() and bold.is_file():
            return body, bold
    return None


def _vera() -> tuple[Face, Face]:
    """reportlab's bundled Vera (found on its own font search path)."""
    return _register(VERA[0], Path("Vera.ttf")), _register(VERA[1], Path("VeraBd.ttf"))


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with code points above U+FFFF written as UTF-16 pairs.

    reportlab 5.1 writes e.g. ``<1F44D>`` (odd-length hex, invalid), so emoji cannot be
    copied or extracted from the PDF; this writes ``<D83DDC4D>`` as the PDF spec asks.
    """
    start = f"{len(subset)} beginbfchar"
    head, _, _ = _ORIGINAL_CMAP(fontname, subset).partition(start)
    pairs = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join([head + start, *pairs, *tail])


_ORIGINAL_CMAP = ttfonts.makeToUnicodeCMap


def _fix_to_unicode() -> None:
    """Install the fixed CMap writer only while reportlab still has the bug."""
    if "<1F44D>" in _ORIGINAL_CMAP("probe", [0x1F44D]):
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@lru_cache(maxsize=4)
def load_fonts(
    dirs: tuple[Path, ...] = BODY_DIRS, fallbacks: tuple[FallbackSpec, ...] = FALLBACKS
) -> FontSet:
    """Register the body, bold and available fallback fonts once; return what they cover."""
    _fix_to_unicode()
    found = find_body(dirs)
    if found is None:
        body, bold = _vera()
    else:
        body, bold = _register(BODY, found[0]), _register(BOLD, found[1])
    present = tuple(f for f in fallbacks if f.path.is_file())
    replacement = "\u25a1" if 0x25A1 in body.cmap else "?"
    return FontSet(body, bold, present, replacement)
