"""The report content files: the real ones validate; broken ones fail naming file and entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from questions import Bank
from reports.content import (
    DATA_DIR,
    ContentError,
    check_against_bank,
    load_content,
    load_steps,
    load_texts,
    missing_meanings,
)


def test_real_content_is_valid_and_complete(bank: Bank) -> None:
    content = load_content()
    check_against_bank(content, bank)
    assert missing_meanings(content, bank) == []
    assert len(content.steps) >= 20
    assert content.texts.disclaimer


def test_every_needed_band_has_a_step_even_when_unsafe(bank: Bank) -> None:
    content = load_content()
    needs = {"sign": ("moderate", "high"), "willingness": ("low", "moderate")}
    gaps = [
        (d.id, role, band)
        for d in bank.dimensions
        if d.kind in needs
        for role in d.roles
        for band in needs[d.kind]
        if not any(
            s.dimension == d.id
            and role in s.roles
            and band in s.bands
            and not s.withheld_when_unsafe
            for s in content.steps
        )
    ]
    assert gaps == []


GOOD_STEP = {
    "id": "x_step",
    "dimension": "suspicion",
    "roles": ["hurt"],
    "bands": ["high"],
    "withheld_when_unsafe": False,
    "title": "T",
    "why": "W",
    "try_this_week": "Try",
    "prompt_kind": "reflection",
    "prompt": "P",
}

BAD_STEPS = [
    ({k: v for k, v in GOOD_STEP.items() if k != "why"}, "missing ['why']"),
    (GOOD_STEP | {"colour": "red"}, "unknown key(s) ['colour']"),
    (GOOD_STEP | {"roles": ["victim"]}, "'roles' must be a non-empty list"),
    (GOOD_STEP | {"bands": []}, "'bands' must be a non-empty list"),
    (GOOD_STEP | {"bands": ["extreme"]}, "'bands' must be a non-empty list"),
    (GOOD_STEP | {"withheld_when_unsafe": "no"}, "'withheld_when_unsafe' must be true or false"),
    (GOOD_STEP | {"title": "  "}, "'title' must be non-empty text"),
    (GOOD_STEP | {"why": "Ask {partner_name}"}, "unknown placeholder(s) ['partner_name']"),
    (GOOD_STEP | {"prompt": 3}, "'prompt' must be non-empty text"),
]


def _write(folder: Path, name: str, doc: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("step", "problem"), BAD_STEPS)
def test_bad_step_names_file_and_entry(tmp_path: Path, step, problem) -> None:
    _write(tmp_path, "a.yaml", {"steps": [GOOD_STEP | {"id": "ok"}, step]})
    with pytest.raises(ContentError) as caught:
        load_steps(tmp_path)
    message = str(caught.value)
    assert message.startswith("steps/a.yaml: steps[1]")
    assert problem in message
    assert "\n" not in message


def test_duplicate_step_id_across_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", {"steps": [GOOD_STEP]})
    _write(tmp_path, "b.yaml", {"steps": [GOOD_STEP]})
    with pytest.raises(
        ContentError,
        match=r"steps/b.yaml: step id 'x_step' already used in "
        r"steps/a.yaml",
    ):
        load_steps(tmp_path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("steps: [oops", "steps/a.yaml: is not valid YAML (line 1"),
        ("- just a list", "steps/a.yaml: must be a mapping"),
        ("steps: {id: 1}", "steps/a.yaml: 'steps' must be a list"),
        ("strengths:\n  - {dimension: suspicion, roles: [hurt]}", "strengths[0]: missing ['text']"),
    ],
)
def test_malformed_step_file(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(problem)):
        load_steps(tmp_path)


def test_empty_steps_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no step files"):
        load_steps(tmp_path)


def _texts_doc() -> dict[str, object]:
    return yaml.safe_load((DATA_DIR / "texts.yaml").read_text(encoding="utf-8"))


def _broken(doc: dict, where: str) -> dict:
    if where == "meaning":
        del doc["meanings"][0]["high"]
    elif where == "composite":
        del doc["composites"]["trust_strain"]["broke"]["moderate"]
    elif where == "safety":
        doc["safety"]["paragraphs"] = []
    elif where == "disclaimer":
        doc["disclaimer"] = ""
    elif where == "duplicate":
        doc["meanings"].append(doc["meanings"][0])
    return doc


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("meaning", "texts.yaml: meanings[0]: missing ['high']"),
        ("composite", "texts.yaml: composites.trust_strain.broke: missing ['moderate']"),
        ("safety", "texts.yaml: safety: 'paragraphs' must be a non-empty list"),
        ("disclaimer", "texts.yaml: 'disclaimer' must be non-empty text"),
        ("duplicate", "second meaning for 'anxious_clinging'"),
    ],
)
def test_bad_texts(tmp_path: Path, where: str, problem: str) -> None:
    path = _write(tmp_path, "texts.yaml", _broken(_texts_doc(), where))
    with pytest.raises(ContentError) as caught:
        load_texts(path)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"dimension": "jealousy"}, "unknown dimension 'jealousy'"),
        ({"dimension": "fear"}, "unknown dimension 'fear'"),
        ({"dimension": "accountability", "roles": ["hurt"]}, "role(s) ['hurt'] not asked"),
    ],
)
def test_content_checked_against_bank(tmp_path: Path, bank: Bank, change, problem) -> None:
    shutil.copy(DATA_DIR / "texts.yaml", tmp_path / "texts.yaml")
    _write(tmp_path / "steps", "a.yaml", {"steps": [GOOD_STEP | change]})
    content = load_content(tmp_path)
    with pytest.raises(ContentError) as caught:
        check_against_bank(content, bank)
    assert str(caught.value).startswith("steps/a.yaml: step x_step")
    assert problem in str(caught.value)
