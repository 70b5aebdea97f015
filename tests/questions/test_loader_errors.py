"""Every way a bank can be malformed stops loading with the file and the item named."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from questions import BankError, load_bank_from
from questions.loader import DATA_DIR

Edit = Callable[[Path], None]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit_yaml(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def _items(path: Path, change: Callable[[list], None]) -> None:  # type: ignore[type-arg]
    _edit_yaml(path, lambda d: change(d["items"]))


def _set_first(key: str, value: object) -> Callable[[list], None]:  # type: ignore[type-arg]
    return lambda items: items[0].__setitem__(key, value)


SIGNS = "items/signs.yaml"
SAFETY = "items/safety.yaml"
BANK_YAML = "bank.yaml"


def _step(ask_if: object, at: str = "selfharm_plan") -> Callable[[list], None]:  # type: ignore[type-arg]
    def change(items: list) -> None:  # type: ignore[type-arg]
        next(i for i in items if i["id"] == at)["ask_if"] = ask_if

    return change


def _scale(name: str, value: object) -> Edit:
    return lambda p: _edit_yaml(p, lambda d: d["scales"].__setitem__(name, value))


CASES: list[tuple[str, str, Edit, str]] = [
    (
        "step from a later item",
        SAFETY,
        lambda p: _items(p, _step({"item": "selfharm_prepared", "above": 1})),
        "item 'selfharm_plan' ask_if: 'selfharm_prepared' is not an earlier item",
    ),
    (
        "step above the top",
        SAFETY,
        lambda p: _items(p, _step({"item": "selfharm_2", "above": 5})),
        "above must be within 1..4",
    ),
    (
        "step shape",
        SAFETY,
        lambda p: _items(p, _step({"item": "selfharm_2"})),
        "exactly item and above",
    ),
    (
        "reverse safety item",
        SAFETY,
        lambda p: _items(p, _set_first("reverse", True)),
        "reverse must be false for unscored",
    ),
    (
        "choices with min",
        BANK_YAML,
        _scale("wants", {"choices": ["a", "b"], "min": 1}),
        "scale 'wants': a scale of choices has no min or max",
    ),
    (
        "yes unquoted",
        BANK_YAML,
        _scale("ongoing", {"choices": [True, False, "not_sure"]}),
        "choice ids must be lower-case",
    ),
    (
        "context without choices",
        BANK_YAML,
        lambda p: _edit_yaml(
            p, lambda d: next(x for x in d["dimensions"] if x["id"] == "wants").pop("scale")
        ),
        "dimension 'wants': a context dimension (and only one) names a scale of choices",
    ),
    ("bad yaml", SIGNS, lambda p: p.write_text("items:\n  - id: [unclosed\n"), "not valid YAML"),
    (
        "unknown dimension",
        SIGNS,
        lambda p: _items(p, _set_first("dimension", "nosuch")),
        "unknown dimension 'nosuch'",
    ),
    ("duplicate id", SIGNS, lambda p: _items(p, lambda i: i.append(dict(i[0]))), "duplicate id"),
    (
        "words left in the yaml",
        SIGNS,
        lambda p: _items(p, _set_first("text", "In the past month, I x.")),
        "unknown key(s) ['text']; words live in locales/<lang>/bank*.po",
    ),
    (
        "worded_for a role not asked",
        "items/moving_forward.yaml",
        lambda p: _items(p, _set_first("worded_for", ["broke"])),
        "worded_for: unknown role(s) ['broke']",
    ),
    ("bad id", SIGNS, lambda p: _items(p, _set_first("id", "Bad Id")), "id must be"),
    ("unknown role", SIGNS, lambda p: _items(p, _set_first("roles", ["stranger"])), "unknown role"),
    (
        "reverse not bool",
        SIGNS,
        lambda p: _items(p, _set_first("reverse", "yes")),
        "reverse must be",
    ),
    (
        "too few items",
        SIGNS,
        lambda p: _items(p, lambda i: [i.pop(1), i.pop(1)]),
        "at least 3 needed",
    ),
    (
        "bad scale",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d["scales"]["agree5"].__setitem__("max", 0)),
        "min < max",
    ),
    (
        "unknown kind",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d["dimensions"][0].__setitem__("kind", "mood")),
        "kind must be one of",
    ),
    (
        "duplicate dimension",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d["dimensions"].append(dict(d["dimensions"][0]))),
        "duplicate dimension id",
    ),
    (
        "scale labels in the yaml",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d["scales"]["agree5"].__setitem__("labels", {1: "x"})),
        "scale 'agree5': unknown key(s) ['labels']",
    ),
    (
        "the old wording table",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d.__setitem__("relationships", {"romantic": {}})),
        "relationships: must list exactly",
    ),
    (
        "roles not the known ones",
        "bank.yaml",
        lambda p: _edit_yaml(p, lambda d: d.__setitem__("roles", ["hurt", "broke"])),
        "roles: must list exactly",
    ),
]


@pytest.mark.parametrize(("name", "file", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_malformed_bank_names_file_and_item(
    data_dir: Path, name: str, file: str, edit: Edit, expected: str
) -> None:
    edit(data_dir / file)
    with pytest.raises(BankError) as caught:
        load_bank_from(data_dir)
    message = str(caught.value)
    assert expected in message
    named = "bank.yaml" if name == "too few items" else Path(file).name
    assert named in message


def test_too_few_items_lists_the_items_found(data_dir: Path) -> None:
    _items(data_dir / SIGNS, lambda i: [i.pop(1), i.pop(1)])
    with pytest.raises(BankError, match=r"dimension 'anxious_clinging'.*\['cling_1', 'cling_4'\]"):
        load_bank_from(data_dir)


def test_error_names_the_item(data_dir: Path) -> None:
    _items(data_dir / SIGNS, _set_first("dimension", "nosuch"))
    with pytest.raises(BankError, match=r"signs\.yaml: item 'cling_1'"):
        load_bank_from(data_dir)


def test_duplicate_across_files_names_both(data_dir: Path) -> None:
    _items(data_dir / "items/safety.yaml", lambda i: i.append({**i[0], "id": "cling_1"}))
    with pytest.raises(BankError, match=r"item 'cling_1': duplicate id \(also in ") as caught:
        load_bank_from(data_dir)
    assert "signs.yaml" in str(caught.value) and "safety.yaml" in str(caught.value)


def test_copy_of_real_bank_loads(data_dir: Path) -> None:
    assert len(load_bank_from(data_dir).items) >= 90


def test_export_command_prints_the_bank_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "questions", "export"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    doc = json.loads(done.stdout)
    assert doc["version"] and len(doc["items"]) >= 90
    ordinal = [i for i in doc["items"] if "choices" not in i]
    assert all(i["min"] == 1 and i["max"] == 5 for i in ordinal)
    assert all(i["max"] == len(i["choices"]) for i in doc["items"] if "choices" in i)


def test_perspective_of_must_see_a_dimension_of_the_one_who_broke_trust(data_dir: Path) -> None:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        dim = next(d for d in data["dimensions"] if d["id"] == "openness_to_trust")
        dim["perspective_of"] = "forgiveness"  # asked of hurt and both only

    _edit_yaml(data_dir / "bank.yaml", change)
    with pytest.raises(BankError, match="perspective_of: 'forgiveness' is not a scored dimension"):
        load_bank_from(data_dir)


def test_a_form_keeps_a_stepped_item_only_with_its_step(data_dir: Path) -> None:
    _edit_yaml(data_dir / "bank.yaml", lambda d: d["forms"]["pulse"].remove("selfharm_2"))
    with pytest.raises(
        BankError, match=r"forms.pulse: keeps stepped item\(s\) \['selfharm_intent'"
    ):
        load_bank_from(data_dir)
