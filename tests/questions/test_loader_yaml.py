"""The fast YAML path: libyaml's C loader reads every project file exactly as SafeLoader does,
and a broken file reads with the same error as before (file, line, problem)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from questions import BankError, load_bank_from
from questions.loader import DATA_DIR
from questions.loader_yaml import SAFE_LOADER, safe_load
from reports.yaml_checks import ContentError, read_yaml
from scoring.rules import RulesError, load_rules_from

ROOT = Path(__file__).resolve().parents[2]
PROJECT_YAML = sorted(
    p for folder in ("questions", "scoring", "reports") for p in (ROOT / folder).rglob("*.yaml")
)
BROKEN = [
    "steps: [oops",
    "a: 1\nb: [1, 2\nc: 3\n",
    "a: b: c\n",
    "- x\ny: 1\n",
    "a: 'unclosed\n",
    "&anchor a: *missing\n",
    "\t- tab indented\n",
    "key: !!python/object:os.system ls\n",
]


def test_the_c_loader_is_used_where_pyyaml_has_it() -> None:
    assert SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert issubclass(SAFE_LOADER, yaml.SafeLoader) or SAFE_LOADER.__name__ == "CSafeLoader"


@pytest.mark.parametrize("path", PROJECT_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_project_file_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert safe_load(text) == yaml.safe_load(text)


def test_there_are_project_files_to_compare() -> None:
    assert len(PROJECT_YAML) >= 10


def _pure_error(text: str) -> str:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    return str(caught.value)


@pytest.mark.parametrize("text", BROKEN)
def test_a_broken_document_fails_with_the_pure_parsers_words(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        safe_load(text)
    assert str(caught.value) == _pure_error(text)


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        safe_load("key: !!python/object/apply:os.system [ls]\n")


def test_a_bank_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "items" / "signs.yaml").write_bytes(b"items:\n  - id: caf\xe9\n")
    with pytest.raises(BankError, match=r"signs\.yaml.*not UTF-8"):
        load_bank_from(data)


def test_a_broken_bank_file_names_its_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "bank.yaml").write_text("version: 1\nscales: [oops\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"bank\.yaml.*line 3.*not valid YAML"):
        load_bank_from(data)


def test_rules_not_utf8_and_content_broken_are_one_line_errors(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(b"bands: \xff\n")
    with pytest.raises(RulesError, match="not UTF-8"):
        load_rules_from(rules)
    content = tmp_path / "texts.yaml"
    content.write_text("texts: [oops", encoding="utf-8")
    with pytest.raises(ContentError, match=r"texts\.yaml: is not valid YAML \(line 1"):
        read_yaml(content, "texts.yaml")


def test_a_deep_document_is_a_yaml_error_not_a_recursion_error() -> None:
    with pytest.raises(yaml.YAMLError):
        safe_load("[" * 100_000)
