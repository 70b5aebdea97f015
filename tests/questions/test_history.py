"""Earlier bank versions: a check-up saved under them keeps its dimensions and their names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from questions import BankError, load_bank, load_bank_from
from questions.loader import DATA_DIR
from questions.words import words_files

BANK = load_bank()


def test_version_1_0_0_opens_under_its_own_dimensions() -> None:
    assert BANK.version != "1.0.0"
    old = BANK.dimensions_of_version("1.0.0")
    assert [d.id for d in old][:2] == ["anxious_clinging", "guardedness"]
    assert all(d.name and d.kind in {"sign", "willingness"} for d in old)
    assert {d.id for d in old} <= {d.id for d in BANK.known_dimensions}
    assert BANK.dimensions_of_version("0.9-unknown") == BANK.scored_dimensions


def test_norms_pool_only_versions_with_the_same_scored_items() -> None:
    assert BANK.version == "2.0.0" and set(BANK.earlier) == {"1.0.0", "1.1.0"}
    assert BANK.norm_versions == {"2.0.0"}  # 2.0.0 rewrote items: 1.x answers do not pool


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "locales" / "en").mkdir(parents=True)
    for path in words_files("en"):
        shutil.copy(path, tmp_path / "locales" / "en" / path.name)
    return tmp_path / "data", tmp_path / "locales"


def _retire(data: Path, dim: str) -> None:
    path = data / "history.yaml"
    raw = yaml.safe_load(path.read_text())
    raw["versions"]["0.9.0"] = {
        "same_scored_items": True,
        "dimensions": {dim: "sign", "guardedness": "sign"},
    }
    path.write_text(yaml.safe_dump(raw, sort_keys=False))


def test_a_retired_dimension_is_named_from_its_history_word(copy: tuple[Path, Path]) -> None:
    data, locales = copy
    _retire(data, "jealousy")
    with pytest.raises(BankError, match=r"bank\.po: id 'bank\.history\.jealousy\.name'"):
        load_bank_from(data, "en", locales)
    po = locales / "en" / "bank-safety.po"
    po.write_text(po.read_text() + '\nmsgid "bank.history.jealousy.name"\nmsgstr "Old name"\n')
    bank = load_bank_from(data, "en", locales)
    old = bank.dimensions_of_version("0.9.0")
    assert [(d.id, d.name) for d in old] == [
        ("jealousy", "Old name"),
        ("guardedness", bank.dimension_by_id["guardedness"].name),
    ]
    assert bank.known_dimensions[-1].id == "jealousy"
    assert bank.norm_versions == {"2.0.0", "0.9.0"}


def test_a_kept_id_must_keep_its_kind(copy: tuple[Path, Path]) -> None:
    data, locales = copy
    path = data / "history.yaml"
    raw = yaml.safe_load(path.read_text())
    raw["versions"]["1.0.0"]["dimensions"]["guardedness"] = "willingness"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    with pytest.raises(
        BankError, match=re.escape("history.yaml: versions.1.0.0.dimensions 'guardedness'")
    ):
        load_bank_from(data, "en", locales)
