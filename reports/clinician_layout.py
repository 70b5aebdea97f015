"""What every section of the clinician report shares: the writer, numbers and dates in the
report's locale, client text cut to a printable length, and plain tables in the report's style.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from babel.numbers import format_decimal
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table, TableStyle

from questions import Bank
from reports.clinician_model import Settings, Visit
from reports.fonts import Face
from reports.ids import kind_word_id
from reports.pdf import _Writer, long_date
from reports.styles import FRAME_WIDTH, TABLE_FONT_SIZE, TABLE_PADDING, table_style
from reports.text import RTL_CLASSES
from scoring.rules import Rules

ELLIPSIS = "\u2026"
T = TypeVar("T")

# Why a score has no interval or change no index (reports/clinician_numbers.py), in full and
# short (a table cell); the literal ids keep the catalogue check able to see them.
WHY_WORDS: Mapping[str, tuple[str, str]] = {
    "unscored": ("report.clinician.why.unscored", "report.clinician.short.unscored"),
    "no_norms": ("report.clinician.why.no_norms", "report.clinician.short.no_norms"),
    "too_few": ("report.clinician.why.too_few", "report.clinician.short.too_few"),
    "unusable": ("report.clinician.why.unusable", "report.clinician.short.unusable"),
    "pulse": ("report.clinician.why.pulse", "report.clinician.short.pulse"),
    "version": ("report.clinician.why.version", "report.clinician.short.version"),
}
FLAG_WORDS: Mapping[str, tuple[str, str]] = {  # a critical flag stated plainly; its short name
    "urgent": ("report.clinician.flag.urgent", "report.clinician.flag_name.urgent"),
    "high_danger": ("report.clinician.flag.high_danger", "report.clinician.flag_name.high_danger"),
    "self_harm": ("report.clinician.flag.self_harm", "report.clinician.flag_name.self_harm"),
    "danger": ("report.clinician.flag.danger", "report.clinician.flag_name.danger"),
}
FORM_WORDS: Mapping[str, str] = {
    "full": "report.clinician.form.full",
    "pulse": "report.clinician.form.pulse",
}


def cut(text: str | None, most: int) -> str | None:
    """Client text trimmed and cut to ``most`` characters (an ellipsis marks a cut); None
    when nothing is left."""
    if text is None or not text.strip():
        return None
    clean = " ".join(text.split())
    return clean if len(clean) <= most else clean[: most - 1] + ELLIPSIS


@dataclass(frozen=True)
class Cell:
    """Text for a table cell in a paragraph style of the report."""

    text: str
    style: str = "cell"
    size: float = TABLE_FONT_SIZE  # of the plain lines (set the column's font to match)


def plain_text(text: str, face: Face) -> bool:
    """Whether ``text`` can be drawn as a plain string: printable, every character in the
    face, and nothing right to left (that needs shaping and reordering)."""
    return (
        text.isprintable()
        and face.covers_all(text)
        and not any(unicodedata.bidirectional(c) in RTL_CLASSES for c in text)
    )


@dataclass(frozen=True)
class Page:
    """The writer and what the sections read: bank, rules, settings, locale."""

    w: _Writer
    bank: Bank
    rules: Rules
    settings: Settings

    def say(self, message_id: str, /, **params: Any) -> str:
        return self.w.say(message_id, **params)

    def number(self, value: float, pattern: str = "0") -> str:
        """A number in the report's locale (``0``, ``0.00``, ``+0.00;-0.00``)."""
        return str(format_decimal(value, format=pattern, locale=self.w.content.date_locale))

    def date(self, when: dt.date | dt.datetime) -> str:
        day = when.date() if isinstance(when, dt.datetime) else when
        return long_date(day, self.w.content)

    def form(self, visit: Visit) -> str:
        key = FORM_WORDS.get(visit.form_name)
        return visit.form_name if key is None else self.say(key)

    def why(self, reason: str, *, short: bool = False, **params: Any) -> str:
        """A reason in words (the least number of clients and n filled in where asked)."""
        from scoring.norms import MIN_RESPONDENTS

        full, brief = WHY_WORDS[reason]
        fields = {"least": MIN_RESPONDENTS, "n": 0, "version": self.bank.version, **params}
        return self.say(brief if short else full, **fields)

    def by_kind(self, rows: Sequence[T], kind_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
        """(kind, its rows) in the rules' order of kinds, kinds without rows left out."""
        groups = [(k, [r for r in rows if kind_of(r) == k]) for k in self.rules.kinds]
        return [(k, found) for k, found in groups if found]

    def kind_label(self, kind: str) -> str:
        """A kind's one-line name (``report.kind.<kind>.label``), for a group's heading row."""
        return self.say(kind_word_id(kind))

    def cell(self, text: str, style: str = "cell") -> Cell:
        """A wrapping table cell (made when the table knows its column's width)."""
        return Cell(text, style)

    def _made(self, value: Any, width: float) -> Any:
        """A :class:`Cell` as plain lines when the body font draws it as it is (cheaper
        than a Paragraph: most cells), else as an escaped, shaped Paragraph."""
        if not isinstance(value, Cell):
            return value
        body = self.w.fonts.body
        if value.style != "cell" or not plain_text(value.text, body):
            return self.w.p(value.text, value.style)
        room = width - 2 * TABLE_PADDING
        return "\n".join(
            simpleSplit(" ".join(value.text.split()), body.name, TABLE_FONT_SIZE, room)
        )

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        shares: Sequence[float],
        extra: Sequence[tuple[Any, ...]] = (),
        groups: tuple[int, ...] = (),
    ) -> Flowable:
        """A table in the report's style, a header row repeated on each page."""
        widths = [FRAME_WIDTH * s for s in shares]
        made = [[self._made(v, w) for v, w in zip(row, widths, strict=True)] for row in rows]
        table = Table(made, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([*table_style(groups, self.w.fonts), *extra]))
        return table
