"""The bank's words come from the catalogue: complete, wrapped in qps-ploc, checked on load."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from locales import LOCALES, PSEUDO_LOCALE, UnknownLocale, catalogue
from questions import (
    RELATIONSHIPS,
    Bank,
    BankError,
    catalogue_ids,
    item_text,
    load_bank,
    load_bank_from,
)
from questions.loader import DATA_DIR
from questions.words import FAMILIES, words_file, words_files
from scoring.rules import catalogue_ids as rules_ids
from scoring.rules import load_rules

ROOT = Path(__file__).parents[2]
EN_WORDS = words_file("en")
OPEN, CLOSE = "⟦", "⟧"


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bank's data and of its English words, to break one at a time."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "locales" / "en").mkdir(parents=True)
    for path in words_files("en"):
        shutil.copy(path, tmp_path / "locales" / "en" / path.name)
    return tmp_path / "data", tmp_path / "locales"


def _edit_po(locales: Path, change: Callable[[Catalog], None]) -> Path:
    path = locales / "en" / "bank.po"
    with path.open("rb") as handle:
        po = read_po(handle)
    change(po)
    with path.open("wb") as handle:
        write_po(handle, po)
    return path


def _load(dirs: tuple[Path, Path]) -> Bank:
    return load_bank_from(dirs[0], "en", dirs[1])


def _all_words(bank: Bank) -> list[str]:
    """Every word of the bank a person can read, in every role and relationship."""
    words = [*bank.roles.values(), *(w.label for w in bank.relationships.values())]
    words += [label for s in bank.scales.values() for label in s.labels.values()]
    words += [t for s in bank.sections for t in (s.title, s.intro, *s.intro_by_role.values())]
    words += [t for d in bank.dimensions for t in (d.name, d.description)]
    words += [
        item_text(bank, i, role, rel)
        for i in bank.items
        for role in i.roles
        for rel in (None, *RELATIONSHIPS)
    ]
    return words


def test_the_copy_loads_and_equals_the_project_bank(dirs: tuple[Path, Path]) -> None:
    assert _load(dirs) == load_bank_from(DATA_DIR)


def test_a_missing_word_names_the_po_file_and_the_id(dirs: tuple[Path, Path]) -> None:
    path = _edit_po(dirs[1], lambda po: po.delete("bank.item.cling_1.broke"))
    with pytest.raises(BankError) as caught:
        _load(dirs)
    assert (
        str(caught.value) == f"{path}: id 'bank.item.cling_1.broke': is missing: the bank needs it"
    )


def test_a_missing_scale_label_is_named(dirs: tuple[Path, Path]) -> None:
    bank_yaml = dirs[0] / "bank.yaml"
    raw = yaml.safe_load(bank_yaml.read_text())
    raw["scales"]["agree5"]["max"] = 6
    bank_yaml.write_text(yaml.safe_dump(raw))
    with pytest.raises(BankError, match=r"bank\.po: id 'bank\.scale\.agree5\.6': is missing"):
        _load(dirs)


def test_a_missing_variant_falls_back_to_the_neutral_wording(dirs: tuple[Path, Path]) -> None:
    _edit_po(dirs[1], lambda po: po.delete("bank.item.cling_1", context="work"))
    bank = _load(dirs)
    item = bank.item_by_id["cling_1"]
    assert item_text(bank, item, "hurt", "work") == item_text(bank, item, "hurt", None)
    assert "my partner" in item_text(bank, item, "hurt", "romantic")


def test_an_unknown_id_is_rejected(dirs: tuple[Path, Path]) -> None:
    path = _edit_po(dirs[1], lambda po: po.add("bank.item.cling_9", "In the past month, I x."))
    with pytest.raises(BankError) as caught:
        _load(dirs)
    assert str(caught.value) == (
        f"{path}: id 'bank.item.cling_9': is not used by the bank (unknown id)"
    )


def test_a_role_wording_the_structure_does_not_ask_for_is_unknown(dirs: tuple[Path, Path]) -> None:
    _edit_po(dirs[1], lambda po: po.add("bank.item.commit_1.broke", "In the past month, I x."))
    with pytest.raises(BankError, match=r"'bank\.item\.commit_1\.broke': is not used"):
        _load(dirs)


@pytest.mark.parametrize(
    ("message_id", "variant", "expected"),
    [
        ("bank.item.cling_1", "enemy", "unknown variant (msgctxt) 'enemy'"),
        ("bank.dimension.suspicion.name", "romantic", "unknown variant (msgctxt) 'romantic'"),
    ],
)
def test_an_unknown_variant_is_rejected(
    dirs: tuple[Path, Path], message_id: str, variant: str, expected: str
) -> None:
    _edit_po(dirs[1], lambda po: po.add(message_id, "Some words", context=variant))
    with pytest.raises(
        BankError, match=rf"id '{message_id}': " + expected.replace("(", r"\(").replace(")", r"\)")
    ):
        _load(dirs)


def test_a_placeholder_in_a_bank_word_is_rejected(dirs: tuple[Path, Path]) -> None:
    def change(po: Catalog) -> None:
        po["bank.item.cling_1"].string = "In the past month, I missed {partner}."

    _edit_po(dirs[1], change)
    with pytest.raises(BankError, match=r"id 'bank\.item\.cling_1': unknown placeholder"):
        _load(dirs)


def test_a_dimension_without_items_is_named(dirs: tuple[Path, Path]) -> None:
    bank_yaml = dirs[0] / "bank.yaml"
    raw = yaml.safe_load(bank_yaml.read_text())
    raw["dimensions"].append({**raw["dimensions"][0], "id": "brand_new"})
    bank_yaml.write_text(yaml.safe_dump(raw))

    def change(po: Catalog) -> None:
        po.add("bank.dimension.brand_new.name", "New")
        po.add("bank.dimension.brand_new.description", "Something new.")

    _edit_po(dirs[1], change)
    with pytest.raises(BankError, match=r"bank\.yaml: dimension 'brand_new': has 0 item\(s\)"):
        _load(dirs)


def test_catalogue_ids_are_exactly_the_bank_ids_of_every_locale() -> None:
    for locale in LOCALES:
        bank = load_bank(locale)
        ids = {i for i in catalogue(locale).ids() if i.startswith(FAMILIES)}
        assert catalogue_ids(bank) == ids, locale
        assert catalogue_ids(bank) == catalogue_ids(load_bank()), locale


def test_item_and_dimension_ids_are_the_same_in_every_locale() -> None:
    english = load_bank()
    for locale in LOCALES:
        bank = load_bank(locale)
        assert bank.locale == locale
        assert [i.id for i in bank.items] == [i.id for i in english.items]
        assert [d.id for d in bank.dimensions] == [d.id for d in english.dimensions]
        assert [(i.reverse, i.roles, i.dimension) for i in bank.items] == [
            (i.reverse, i.roles, i.dimension) for i in english.items
        ]


def test_every_bank_word_is_wrapped_in_the_pseudo_locale() -> None:
    words = _all_words(load_bank(PSEUDO_LOCALE))
    assert len(words) > 1000
    unwrapped = [w for w in words if not (w.startswith(OPEN) and w.endswith(CLOSE))]
    assert unwrapped == []
    assert not set(words) & set(_all_words(load_bank()))


def test_the_bank_is_loaded_once_per_locale() -> None:
    assert load_bank() is load_bank("en")
    assert load_bank(PSEUDO_LOCALE) is load_bank(PSEUDO_LOCALE)
    assert load_bank(PSEUDO_LOCALE) is not load_bank()
    with pytest.raises(UnknownLocale):
        load_bank("xx-nowhere")


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "questions", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_export_in_the_pseudo_locale_wraps_the_words_and_keeps_the_shape() -> None:
    done = _export("--lang", PSEUDO_LOCALE, "export")
    assert done.returncode == 0, done.stderr
    doc, english = json.loads(done.stdout), json.loads(_export("export").stdout)
    assert [i["id"] for i in doc["items"]] == [i["id"] for i in english["items"]]
    assert all(i["text"].startswith(OPEN) for i in doc["items"])
    assert all(d["name"].startswith(OPEN) for d in doc["dimensions"])
    assert {k for i in doc["items"] for k in i} == {k for i in english["items"] for k in i}


def test_export_of_an_unknown_locale_is_one_line_and_status_2() -> None:
    done = _export("--lang", "xx-nowhere", "export")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "xx-nowhere" in done.stderr


def test_every_bank_id_of_every_locale_is_used_and_every_used_id_exists() -> None:
    """bank.po holds exactly the ids the bank, the rules and ``python -m questions`` use."""
    source = (ROOT / "questions" / "__main__.py").read_text(encoding="utf-8")
    literal = set(re.findall(r'"(bank\.[a-z0-9_.]+)"', source))
    used = catalogue_ids(load_bank()) | rules_ids(load_rules()) | literal
    for locale in LOCALES:
        held = {i for i in catalogue(locale).ids() if i.startswith("bank.")}
        assert held == used, locale
