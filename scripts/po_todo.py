"""What a translation still needs: ids missing, stale or extra in a locale, file by file.

    .venv/bin/python scripts/po_todo.py es            # a summary per file
    .venv/bin/python scripts/po_todo.py es --ids      # every id to do, with its English text

English (``locales/en``) is the source. For each English file the locale's file of the same
name should hold every (id, msgctxt) pair. *Missing*: not there, empty or fuzzy. *Stale*:
the entry's ``# en-hash:`` comment (the English text it was translated from) differs from
the English text now; an entry without the comment counts as stale, so it gets read once.
*Extra*: in the locale, not in English (delete it). Files named in the locale's
``pending.txt`` are not started yet (the app shows their English text meanwhile); they are
listed, marked "pending". Exit 0 when nothing is left, 1 when something is, 2 for a locale
that has no folder.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[1] / "locales"
SOURCE = "en"
HASH_NOTE = "en-hash:"
PENDING_FILE = "pending.txt"  # English files a locale has not started (shown in English)
Key = tuple[str, str | None]


def source_hash(forms: tuple[str, ...]) -> str:
    """The short hash of an English text, as written after ``# en-hash:``."""
    return hashlib.sha1("\x00".join(forms).encode("utf-8"), usedforsecurity=False).hexdigest()[:10]


def _forms(message: Any) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(str(s) for s in strings)


def _key(message: Any) -> Key:
    raw = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return str(raw), message.context or None


def read_entries(path: Path) -> dict[Key, Any]:
    """The entries of one ``.po`` file by (id, msgctxt), the header left out."""
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return {_key(m): m for m in read_po(handle) if m.id}


@dataclass
class FileTodo:
    """What one file of a locale still needs."""

    name: str
    total: int = 0
    missing: list[Key] = field(default_factory=list)
    stale: list[Key] = field(default_factory=list)
    extra: list[Key] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def _recorded_hash(message: Any) -> str | None:
    for comment in message.user_comments:
        if comment.startswith(HASH_NOTE):
            return str(comment[len(HASH_NOTE) :].strip())
    return None


def file_todo(name: str, locale: str) -> FileTodo:
    """Compare ``locales/<locale>/<name>`` with the English file of that name."""
    english = read_entries(LOCALES / SOURCE / name)
    other = read_entries(LOCALES / locale / name)
    todo = FileTodo(name, total=len(english))
    for key, source in english.items():
        found = other.get(key)
        if found is None or found.fuzzy or not all(_forms(found)):
            todo.missing.append(key)
        elif _recorded_hash(found) != source_hash(_forms(source)):
            todo.stale.append(key)
    todo.extra = sorted(set(other) - set(english), key=str)
    return todo


def locale_todo(locale: str) -> list[FileTodo]:
    """Every English file's todo in ``locale``, plus files the locale has and English not."""
    names = sorted(p.name for p in (LOCALES / SOURCE).glob("*.po"))
    extra_files = sorted(
        p.name for p in (LOCALES / locale).glob("*.po") if not (LOCALES / SOURCE / p.name).exists()
    )
    return [file_todo(name, locale) for name in [*names, *extra_files]]


def pending_files(locale: str) -> frozenset[str]:
    """The English files ``locales/<locale>/pending.txt`` names (one a line, # comments)."""
    path = LOCALES / locale / PENDING_FILE
    if not path.exists():
        return frozenset()
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def _label(key: Key) -> str:
    return key[0] + (f" [{key[1]}]" if key[1] else "")


def report(todos: list[FileTodo], show_ids: bool, pending: frozenset[str]) -> list[str]:
    """The lines printed: one per file with work left, then (``--ids``) each id."""
    lines: list[str] = []
    english: dict[str, dict[Key, Any]] = {}
    for todo in todos:
        if todo.done:
            continue
        lines.append(
            f"{todo.name}: {len(todo.missing)} missing, {len(todo.stale)} stale, "
            f"{len(todo.extra)} extra (of {todo.total})"
            + (" (pending)" if todo.name in pending else "")
        )
        if not show_ids:
            continue
        source = english.setdefault(todo.name, read_entries(LOCALES / SOURCE / todo.name))
        for kind, keys in (("missing", todo.missing), ("stale", todo.stale), ("extra", todo.extra)):
            for key in keys:
                text = " | ".join(_forms(source[key])) if key in source else ""
                lines.append(f"  {kind}: {_label(key)}: {text[:100]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print what ``locale`` still needs; exit 1 while anything is left."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale", help="a folder of locales/, such as es")
    parser.add_argument("--ids", action="store_true", help="list every id to do")
    args = parser.parse_args(argv)
    if args.locale == SOURCE or not (LOCALES / args.locale).is_dir():
        print(f"no translation folder locales/{args.locale}/", file=sys.stderr)
        return 2
    lines = report(locale_todo(args.locale), args.ids, pending_files(args.locale))
    print("\n".join(lines) if lines else f"{args.locale}: nothing to do")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
