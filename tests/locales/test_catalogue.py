"""The catalogue: lookups, variants, plurals, the pseudo-locale and malformed files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from locales import (
    PSEUDO_LOCALE,
    CatalogueError,
    MissingMessage,
    UnknownLocale,
    catalogue,
    pseudo_text,
    read_catalogue,
    resolve_locale,
)

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def _folder(tmp_path: Path, body: str, name: str = "app.po") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(HEADER + body, encoding="utf-8")
    return tmp_path


def test_variant_falls_back_to_the_base_entry(tmp_path: Path) -> None:
    cat = read_catalogue(
        _folder(
            tmp_path,
            'msgid "app.x"\nmsgstr "the other person"\n\n'
            'msgctxt "romantic"\nmsgid "app.x"\nmsgstr "my partner"\n',
        ),
        "en",
    )
    assert cat.text("app.x", variant="romantic") == "my partner"
    assert cat.text("app.x", variant="work") == "the other person"
    assert cat.text("app.x") == "the other person"
    assert cat.keys() == {("app.x", None), ("app.x", "romantic")}


def test_plural_forms_follow_the_count(tmp_path: Path) -> None:
    cat = read_catalogue(
        _folder(
            tmp_path,
            'msgid "app.n"\nmsgid_plural "app.n"\nmsgstr[0] "{count} day"\n'
            'msgstr[1] "{count} days"\n',
        ),
        "en",
    )
    assert [cat.plural("app.n", n, count=n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]


def test_fuzzy_and_empty_entries_count_as_missing(tmp_path: Path) -> None:
    cat = read_catalogue(
        _folder(tmp_path, '#, fuzzy\nmsgid "app.a"\nmsgstr "A"\n\nmsgid "app.b"\nmsgstr ""\n'),
        "es",
    )
    assert cat.ids() == frozenset()
    with pytest.raises(MissingMessage, match=r"app\.a"):
        cat.text("app.a")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('msgid "cli.x"\nmsgstr "X"\n', "app.name"),  # an id of another domain
        ('msgid "App Title"\nmsgstr "X"\n', "app.name"),  # not an id
        ('msgid "app.x"\nmsgstr "X"\nmsgid', "cannot be read"),  # broken syntax
    ],
)
def test_malformed_files_are_rejected_naming_the_file(
    tmp_path: Path, body: str, problem: str
) -> None:
    with pytest.raises(CatalogueError, match=re.escape(problem)) as caught:
        read_catalogue(_folder(tmp_path, body), "en")
    assert "app.po" in str(caught.value)


def test_pseudo_text_wraps_and_accents_but_keeps_fields() -> None:
    assert pseudo_text("Welcome, {name}!") == "⟦Ŵéļçömé, {name}!⟧"
    assert pseudo_text("{count:d} of {total}").format(count=3, total=4) == "⟦3 öf 4⟧"
    assert pseudo_text("a {{literal}} brace").format() == "⟦å {ļîţéŕåļ} bŕåçé⟧"


def test_the_pseudo_locale_wraps_every_english_message() -> None:
    english, pseudo = catalogue("en"), catalogue(PSEUDO_LOCALE)
    assert pseudo.keys() == english.keys()
    for key, forms in pseudo.messages.items():
        assert all(f.startswith("⟦") and f.endswith("⟧") for f in forms), key


def test_resolve_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUSTCHECK_LANG", raising=False)
    assert resolve_locale(None) == "en"
    assert resolve_locale("en_GB") == "en"
    monkeypatch.setenv("TRUSTCHECK_LANG", PSEUDO_LOCALE)
    assert resolve_locale(None) == PSEUDO_LOCALE
    with pytest.raises(UnknownLocale, match="available: en"):
        resolve_locale("xx")
    with pytest.raises(UnknownLocale):
        catalogue("xx")


def test_a_domain_may_be_split_into_parts_but_an_id_lives_in_one(tmp_path: Path) -> None:
    _folder(tmp_path, 'msgid "report.a"\nmsgstr "A"\n', "report.po")
    _folder(tmp_path, 'msgid "report.b"\nmsgstr "B"\n', "report-steps.po")
    assert read_catalogue(tmp_path, "en").ids() == {"report.a", "report.b"}
    _folder(tmp_path, 'msgid "report.a"\nmsgstr "again"\n', "report-more.po")
    with pytest.raises(CatalogueError, match="also in another file"):
        read_catalogue(tmp_path, "en")


def test_a_translation_shows_english_for_ids_it_has_not_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = sys.modules["locales.catalogue"]  # the package exports a function of that name
    _folder(tmp_path / "en", 'msgid "app.a"\nmsgstr "A"\n\nmsgid "app.b"\nmsgstr "B"\n')
    _folder(tmp_path / "xx", 'msgid "app.a"\nmsgstr "a in xx"\n')
    monkeypatch.setattr(module, "LOCALES_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        other = catalogue("xx")
        assert (other.text("app.a"), other.text("app.b")) == ("a in xx", "B")
        assert other.ids() == {"app.a", "app.b"}  # every lookup answers, as gettext would
        assert other.own_ids() == {"app.a"}  # what the completeness tests check
    finally:
        catalogue.cache_clear()


def test_the_reader_finds_what_babel_finds_in_every_shipped_file() -> None:
    from babel.messages.pofile import read_po

    from locales.catalogue import LOCALES_DIR
    from locales.po import parse_po, plural_rule

    files = sorted(LOCALES_DIR.glob("*/*.po"))
    assert len(files) > 20
    for path in files:
        with path.open("rb") as handle:
            po = read_po(handle, locale=None, abort_invalid=True)
        babel = {
            (m.id[0] if isinstance(m.id, tuple | list) else m.id, m.context): (
                tuple(m.string) if isinstance(m.string, tuple | list) else (m.string,),
                m.fuzzy,
            )
            for m in po
            if m.id
        }
        entries = parse_po(path.read_text(encoding="utf-8"))
        ours = {(e.id, e.context): (e.forms, e.fuzzy) for e in entries if e.id}
        assert ours == babel, path
        assert (plural_rule(entries) or "(n != 1)") == po.plural_expr, path


def test_the_reader_keeps_escapes_plurals_contexts_and_fuzzy_as_babel_does() -> None:
    from locales.po import parse_po

    text = (
        HEADER + '#. a note\n#, fuzzy\nmsgid "app.f"\nmsgstr "F"\n\n'
        'msgctxt "work"\nmsgid "app.x"\nmsgstr ""\n"say \\"hi\\"\\n"\n"\\ttab \\\\ \\q"\n\n'
        '#~ msgid "app.old"\n#~ msgstr "gone"\n\n'
        'msgid "app.n"\nmsgid_plural "app.n"\nmsgstr[0] "one"\nmsgstr[1] "many"\n'
    )
    found = {(e.id, e.context): (e.forms, e.fuzzy) for e in parse_po(text) if e.id}
    assert found == {
        ("app.f", None): (("F",), True),
        ("app.x", "work"): (('say "hi"\n\ttab \\ \\q',), False),
        ("app.n", None): (("one", "many"), False),
    }


def test_a_domain_is_read_only_when_one_of_its_ids_is_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = sys.modules["locales.catalogue"]
    _folder(tmp_path / "en", 'msgid "app.a"\nmsgstr "A"\n')
    _folder(tmp_path / "en", 'msgid "storage.a"\nmsgstr "S"\nmsgid', "storage.po")  # broken
    monkeypatch.setattr(module, "LOCALES_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        cat = catalogue("en")
        assert cat.text("app.a") == "A"  # the broken storage.po was never read
        with pytest.raises(CatalogueError, match=r"storage\.po"):
            cat.text("storage.a")
        with pytest.raises(CatalogueError, match=r"storage\.po"):
            cat.ids()  # reading everything finds it
    finally:
        catalogue.cache_clear()
