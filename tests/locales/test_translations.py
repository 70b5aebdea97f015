"""Every translation (``es``) against English, file by file, with ``scripts/po_todo.py``.

A file is either translated whole (every id and msgctxt variant, nothing stale or extra) or
named in ``locales/<locale>/pending.txt`` (still shown in English through the catalogue's fallback). What is
translated keeps the plural forms, differs from English where English has words, and writes
relationship variants as their own sentences.
"""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
TRANSLATIONS = sorted(
    p.name for p in LOCALES.iterdir() if p.is_dir() and p.name != "en" and any(p.glob("*.po"))
)
# Texts that are the same in both languages: ids shown as typed, units, file kinds.
SAME_ALLOWED = frozenset(
    {"No", "JSON", "CSV", "PDF", "Esc", "FHIR (JSON)", "error: {message}", "app_pages.serve: {message}"}
)
WORD = re.compile(r"[^\W\d_]{3,}")


def _po_todo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("po_todo", ROOT / "scripts" / "po_todo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["po_todo"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


PO_TODO = _po_todo()


def pending_ids(locale: str) -> set[str]:
    """The ids of the English files still pending in ``locale``."""
    return {
        key[0]
        for name in PO_TODO.pending_files(locale)
        for key in PO_TODO.read_entries(LOCALES / "en" / name)
    }


def _words(text: str) -> list[str]:
    literal = "".join(part for part, _, _, _ in string.Formatter().parse(text))
    return WORD.findall(literal)


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_every_file_is_translated_whole_or_pending(locale: str) -> None:
    todos = PO_TODO.locale_todo(locale)
    pending = PO_TODO.pending_files(locale)
    unfinished = sorted(t.name for t in todos if t.missing and t.name not in pending)
    finished = sorted(t.name for t in todos if not t.missing and t.name in pending)
    assert not unfinished, f"{locale}: {unfinished} lack ids (scripts/po_todo.py {locale} --ids)"
    assert not finished, f"{locale}: {finished} are done: take them out of pending.txt"


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_nothing_is_stale_or_extra(locale: str) -> None:
    lines = [
        f"{t.name}: stale {t.stale[:3]} extra {t.extra[:3]}"
        for t in PO_TODO.locale_todo(locale)
        if t.stale or t.extra
    ]
    assert not lines, "\n".join(lines)


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_plural_forms_are_declared_and_present(locale: str) -> None:
    for path in sorted((LOCALES / locale).glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle)
        assert po.num_plurals == 2, f"{path.name}: nplurals={po.num_plurals}"
        for message in po:
            if message.id and message.pluralizable:
                forms = list(message.string)
                assert len(forms) == 2 and all(forms), f"{path.name}: {message.id[0]}"


def _pairs(locale: str) -> list[tuple[str, str | None, str, str]]:
    """(file, variant, English, translation) of every translated form."""
    found = []
    for path in sorted((LOCALES / locale).glob("*.po")):
        english = PO_TODO.read_entries(LOCALES / "en" / path.name)
        for key, message in PO_TODO.read_entries(path).items():
            source = english.get(key)
            if source is None or not all(PO_TODO._forms(message)):
                continue
            for en, other in zip(PO_TODO._forms(source), PO_TODO._forms(message), strict=True):
                found.append((f"{path.name}: {key[0]}", key[1], en, other))
    return found


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_no_english_is_left_where_english_has_words(locale: str) -> None:
    pairs = _pairs(locale)
    assert len(pairs) > 1000, "the translation is nearly empty"
    same = sorted(
        where
        for where, _, en, other in pairs
        if en == other and _words(en) and en not in SAME_ALLOWED
    )
    assert not same, f"{locale}: {len(same)} texts are the English ones, e.g. {same[:10]}"


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_relationship_variants_are_their_own_sentences(locale: str) -> None:
    english = {(w, v): en for w, v, en, _ in _pairs(locale)}
    other = {(w, v): text for w, v, _, text in _pairs(locale)}
    copies = sorted(
        f"{where} [{variant}]"
        for (where, variant), text in other.items()
        if variant is not None
        and english[where, variant] != english.get((where, None))
        and text == other.get((where, None))
    )
    assert not copies, f"{locale}: variants that repeat the base wording: {copies[:10]}"


def test_spanish_words_a_sample_as_a_speaker_would() -> None:
    """A few texts read back through the catalogue (variants, plurals, fields)."""
    from locales import catalogue

    es = catalogue("es")
    assert es.text("app.welcome.start") == "Empezar"
    assert "mi pareja" in es.text("bank.item.fear_1", variant="romantic")
    assert "la otra persona" in es.text("bank.item.fear_1")
    assert es.plural("app.checkups.imported", 1, count=1) == "Se ha importado 1 chequeo."
    assert es.plural("app.checkups.imported", 4, count=4) == "Se han importado 4 chequeos."
    assert es.text("report.helpline.call", number="024") == "llama al 024"


def test_po_todo_finds_missing_stale_and_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (tmp_path / "en").mkdir()
    (tmp_path / "xx").mkdir()
    (tmp_path / "en" / "app.po").write_text(
        head + 'msgid "app.a"\nmsgstr "A"\n\nmsgid "app.b"\nmsgstr "B"\n\n'
        'msgid "app.c"\nmsgstr "C"\n',
        encoding="utf-8",
    )
    fresh = PO_TODO.source_hash(("A",))
    (tmp_path / "xx" / "app.po").write_text(
        head + f'# en-hash: {fresh}\nmsgid "app.a"\nmsgstr "a"\n\n'
        '# en-hash: 0000000000\nmsgid "app.b"\nmsgstr "b"\n\nmsgid "app.z"\nmsgstr "z"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(PO_TODO, "LOCALES", tmp_path)
    todo = PO_TODO.file_todo("app.po", "xx")
    assert (todo.missing, todo.stale, todo.extra) == (
        [("app.c", None)],
        [("app.b", None)],
        [("app.z", None)],
    )
    assert PO_TODO.main(["xx"]) == 1
    (tmp_path / "xx" / "pending.txt").write_text("# not started\napp.po\n", encoding="utf-8")
    assert PO_TODO.pending_files("xx") == {"app.po"}
