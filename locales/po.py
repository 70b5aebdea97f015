"""A small strict reader of the gettext ``.po`` files this project writes.

Why not Babel's ``read_po`` at run time: it builds a full ``Catalog`` (locations, flags,
header dates); importing it and reading with it cost every command about 40 ms more than this
reader (measured on the shipped English files), and the tools need only id, variant, forms
and the fuzzy flag. Babel stays the tool that writes and checks the files
(``pybabel``, ``scripts/po_todo.py``, the tests), and a test reads every shipped file both
ways and requires the same messages. Escapes are Babel's (``\\n``, ``\\t``, ``\\"``, ``\\\\``
...); obsolete (``#~``) entries are left out as Babel leaves them out of a catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPE = re.compile(r'\\([\\abfnrtv"])')
_UNESCAPED = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_PLURAL_RULE = re.compile(r"(?:^|;)\s*plural\s*=\s*([^;]+)")


class PoSyntaxError(ValueError):
    """A line the reader cannot place; the message names the line number."""


@dataclass
class PoEntry:
    """One entry: its context (msgctxt), id, plural id and forms (by index)."""

    context: str | None = None
    id: str | None = None
    plural_id: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        """The msgstr forms in order (one for a message without plural)."""
        if self.plural_id is None:
            return (self.strings.get(0, ""),)
        return tuple(self.strings.get(i, "") for i in range(max(self.strings, default=0) + 1))


def _unquote(text: str, number: int) -> str:
    text = text.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise PoSyntaxError(f"line {number}: a quoted string was expected")
    inner = text[1:-1]
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[1]), inner) if "\\" in inner else inner


class _Reader:
    """The parse state: the entries so far, the open entry and the field strings go to."""

    def __init__(self) -> None:
        self.entries: list[PoEntry] = []
        self.entry = PoEntry()
        self.target: tuple[str, int] | None = None

    def close(self, number: int) -> None:
        """End the open entry (it needs a msgid and a msgstr) and start a new one."""
        entry = self.entry
        if entry.id is not None or entry.context is not None:
            if entry.id is None or not entry.strings:
                raise PoSyntaxError(f"line {number}: an entry without msgid or msgstr")
            self.entries.append(entry)
        self.entry, self.target = PoEntry(), None

    def keyword(self, name: str, index: str | None, text: str, number: int) -> None:
        entry = self.entry
        if name in ("msgctxt", "msgid") and (entry.strings or (name == "msgctxt" and entry.id)):
            self.close(number)
            entry = self.entry
        value = _unquote(text, number)
        if name == "msgctxt":
            entry.context, self.target = value, ("msgctxt", 0)
        elif name == "msgid":
            entry.id, self.target = value, ("msgid", 0)
        elif name == "msgid_plural":
            entry.plural_id, self.target = value, ("msgid_plural", 0)
        else:
            if entry.id is None:
                raise PoSyntaxError(f"line {number}: msgstr before msgid")
            slot = int(index) if index is not None else 0
            entry.strings[slot], self.target = value, ("msgstr", slot)

    def more(self, text: str, number: int) -> None:
        """A continuation string: appended to the field the last keyword opened."""
        if self.target is None:
            raise PoSyntaxError(f"line {number}: a string outside any entry")
        value, (name, slot) = _unquote(text, number), self.target
        entry = self.entry
        if name == "msgctxt":
            entry.context = (entry.context or "") + value
        elif name == "msgid":
            entry.id = (entry.id or "") + value
        elif name == "msgid_plural":
            entry.plural_id = (entry.plural_id or "") + value
        else:
            entry.strings[slot] += value

    def comment(self, line: str, number: int) -> None:
        if self.entry.strings:
            self.close(number)  # a comment after msgstr belongs to the next entry
        if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
            self.entry.fuzzy = True


def parse_po(text: str) -> list[PoEntry]:
    """The entries of a ``.po`` file's text, the header (msgid "") included; PoSyntaxError
    for a line that is not a comment, a keyword with a quoted string, or a string."""
    reader = _Reader()
    number = 0
    # Plain comments (and obsolete "#~" entries) say nothing the tools need: skip them first.
    lines = enumerate(map(str.strip, text.splitlines()), start=1)
    kept = [(n, s) for n, s in lines if s and (s[0] != "#" or s.startswith("#,"))]
    for number, line in kept:
        if line.startswith("#,"):
            reader.comment(line, number)
        elif line.startswith('"'):
            reader.more(line, number)
        elif found := _KEYWORD.match(line):
            reader.keyword(found[1].split("[")[0], found[2], found[3], number)
        else:
            raise PoSyntaxError(f"line {number}: cannot be read: {line[:40]!r}")
    reader.close(number + 1)
    return reader.entries


def plural_rule(entries: list[PoEntry]) -> str | None:
    """The ``plural=`` expression of the header's ``Plural-Forms``, if it has one."""
    header = next((e for e in entries if e.id == "" and e.context is None), None)
    if header is None:
        return None
    for line in header.forms[0].splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            found = _PLURAL_RULE.search(value)
            return found[1].strip() if found else None
    return None
