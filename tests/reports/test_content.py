"""The report content: the real structure and words validate; a broken file or a missing word
fails naming the file and the entry or id."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from locales import LOCALES, Catalogue, read_catalogue
from questions import Bank
from reports import catalogue_ids
from reports.content import (
    DATA_DIR,
    ContentError,
    check_against_bank,
    load_content,
    missing_meanings,
    read_content,
)
from scoring.rules import load_rules

REPORT_PO = Path(__file__).parents[2] / "locales" / "en" / "report.po"
REPORTS_SRC = Path(__file__).parents[2] / "reports"
FILE = "locales/en/report.po"


def test_real_content_is_valid_and_complete(bank: Bank) -> None:
    content = load_content()
    check_against_bank(content, bank)
    assert missing_meanings(content, bank) == []
    assert len(content.steps) >= 20
    assert content.texts.disclaimer == "A self-assessment, not a diagnosis"
    assert content.date_locale == "en_GB"


def test_every_needed_band_has_a_step_that_asks_nothing_of_the_other(bank: Bank) -> None:
    """Under danger every step asking contact, openness or trust goes: one must remain."""
    content = load_content()
    kinds = load_rules().kinds
    gaps = [
        (d.id, role, band)
        for d in bank.scored_dimensions
        for role in d.roles
        for band in sorted(kinds[d.kind].needs_help)
        if not any(
            s.dimension == d.id and role in s.roles and band in s.bands and not s.asks
            for s in content.steps
        )
    ]
    assert gaps == []


def test_every_report_id_is_built_from_data_or_written_in_the_code() -> None:
    content = load_content()
    english = {i for i in content.words.ids() if i.startswith("report.")}
    built = catalogue_ids(content)
    assert built <= english
    source = "\n".join(p.read_text(encoding="utf-8") for p in REPORTS_SRC.glob("*.py"))
    literal = set(re.findall(r'"(report(?:\.[a-z0-9_]+)+)"', source))
    assert literal <= english, literal - english
    assert english - built - literal == set()


@pytest.mark.parametrize("locale", LOCALES)
def test_ids_are_the_same_in_every_locale(locale: str) -> None:
    assert catalogue_ids(load_content(locale)) == catalogue_ids(load_content("en"))


def test_relationship_wording_is_a_whole_sentence_per_variant() -> None:
    content = load_content()
    message = "report.step.mov_open_small_moderate.try_this_week"
    neutral = content.text(message)
    assert "trust the other person with" in neutral
    for variant, words in [("romantic", "your partner"), ("work", "your colleague")]:
        assert content.text(message, variant) == neutral.replace("the other person", words)


# ---------------------------------------------------------------- broken words


def _catalogue(
    tmp_path: Path,
    drop: tuple[tuple[str, str | None], ...] = (),
    add: Mapping[tuple[str, str | None], str] | None = None,
) -> Catalogue:
    """The real English report*.po files with entries dropped or added, read as a catalogue."""
    changed = Catalog(locale="en")
    for path in sorted(REPORT_PO.parent.glob("report*.po")):
        with path.open("rb") as handle:
            original = read_po(handle)
        for message in original:
            key = (message.id, message.context)
            if message.id and key not in drop:
                changed.add(message.id, message.string, context=message.context)
    for (message_id, variant), text in (add or {}).items():
        changed.add(message_id, text, context=variant)
    folder = tmp_path / "locales"
    folder.mkdir(exist_ok=True)
    with (folder / "report.po").open("wb") as handle:
        write_po(handle, changed)
    return read_catalogue(folder, "en")


def _fails(tmp_path: Path, words: Catalogue, folder: Path = DATA_DIR) -> str:
    with pytest.raises(ContentError) as caught:
        read_content(folder, words, FILE)
    message = str(caught.value)
    assert "\n" not in message
    return message


STEP = "report.step.cling_steady_plan_high"
MISSING_WORDS = [
    (f"{STEP}.why", "steps/signs.yaml: steps[0] (id cling_steady_plan_high)"),
    ("report.strength.suspicion_hurt_both", "steps/signs.yaml: strengths["),
    ("report.meaning.patience.broke.moderate", "texts.yaml: meanings.patience"),
    ("report.composite.repair_readiness.both.high", "scoring/rules.yaml: composites"),
    ("report.composite.trust_strain.label", "scoring/rules.yaml: composites"),
    ("report.kind.willingness.note", "scoring/rules.yaml: kinds"),
    ("report.block.self_harm.crisis_lines", "texts.yaml: blocks.self_harm"),
    ("report.block.support.title", "texts.yaml: blocks.support"),
    ("report.prompt.reflection", "texts.yaml: prompt_kinds"),
    ("report.disclaimer", "texts.yaml"),
]


@pytest.mark.parametrize(("message_id", "needed_by"), MISSING_WORDS)
def test_a_missing_word_names_the_file_the_id_and_the_entry(
    tmp_path: Path, message_id: str, needed_by: str
) -> None:
    message = _fails(tmp_path, _catalogue(tmp_path, drop=((message_id, None),)))
    assert message.startswith(f"{FILE}: no message {message_id!r} (needed by {needed_by}")


def test_a_field_in_data_words_is_refused(tmp_path: Path) -> None:
    words = _catalogue(
        tmp_path,
        drop=((f"{STEP}.title", None),),
        add={(f"{STEP}.title", None): "Ask {your_other}"},
    )
    message = _fails(tmp_path, words)
    assert f"{STEP}.title' has a {{field}}" in message
    assert "variant (msgctxt)" in message


@pytest.mark.parametrize(
    ("variants", "problem"),
    [
        (("romantic",), "no variant for ['family', 'friendship', 'work']"),
        (("romantic", "friendship", "family", "work", "partner"), "unknown msgctxt ['partner']"),
    ],
)
def test_variants_are_relationship_types_all_or_none(
    tmp_path: Path, variants: tuple[str, ...], problem: str
) -> None:
    add = {(f"{STEP}.title", v): "A title" for v in variants}
    message = _fails(tmp_path, _catalogue(tmp_path, add=add))
    assert message == f"{FILE}: '{STEP}.title': {problem}"


# ---------------------------------------------------------------- broken structure

GOOD_STEP = {
    "id": "x_step",
    "dimension": "suspicion",
    "roles": ["hurt"],
    "bands": ["high"],
    "asks": [],
    "prompt_kind": "reflection",
}
X_WORDS = {
    (f"report.step.x_step.{w}", None): w for w in ("title", "why", "try_this_week", "prompt")
}

BAD_STEPS = [
    ({k: v for k, v in GOOD_STEP.items() if k != "bands"}, "missing ['bands']"),
    (GOOD_STEP | {"title": "Words live in the catalogue"}, "unknown key(s) ['title']"),
    (GOOD_STEP | {"roles": ["victim"]}, "'roles' must be a non-empty list"),
    (GOOD_STEP | {"bands": []}, "'bands' must be a non-empty list"),
    (GOOD_STEP | {"bands": ["extreme"]}, "'bands' must be a non-empty list"),
    (GOOD_STEP | {"asks": ["hope"]}, "'asks' must be a list of ['contact', 'openness', 'trust']"),
    (GOOD_STEP | {"asks": True}, "'asks' must be a list of"),
    (GOOD_STEP | {"withheld_when_unsafe": True}, "unknown key(s) ['withheld_when_unsafe']"),
    (GOOD_STEP | {"path": "ending"}, "unknown key(s) ['path']"),
    (GOOD_STEP | {"relationships": ["colleague"]}, "'relationships' must be a non-empty list"),
    (GOOD_STEP | {"prompt_kind": "lecture"}, "'prompt_kind' must be one of"),
    (GOOD_STEP | {"id": "X Step"}, "'id' must be a lower-case name"),
    (GOOD_STEP | {"id": "y_step"}, "no message 'report.step.y_step.title'"),
]


def _folder(tmp_path: Path, steps: Mapping[str, object]) -> Path:
    """A content folder: the real texts.yaml and the given step files."""
    folder = tmp_path / "data"
    (folder / "steps").mkdir(parents=True)
    for name in ("texts.yaml", "flag_effects.yaml", "context_effects.yaml"):
        shutil.copy(DATA_DIR / name, folder / name)
    for name, doc in steps.items():
        text = doc if isinstance(doc, str) else yaml.safe_dump(doc)
        (folder / "steps" / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("step", "problem"), BAD_STEPS)
def test_bad_step_names_file_and_entry(tmp_path: Path, step, problem) -> None:
    folder = _folder(tmp_path, {"a.yaml": {"steps": [GOOD_STEP, step]}})
    message = _fails(tmp_path, _catalogue(tmp_path, add=X_WORDS), folder)
    assert "steps/a.yaml: steps[1]" in message
    assert problem in message


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"a.yaml": {"steps": [GOOD_STEP]}, "b.yaml": {"steps": [GOOD_STEP]}},
            "steps/b.yaml: step id 'x_step' already used in steps/a.yaml",
        ),
        ({"a.yaml": "steps: [oops"}, "steps/a.yaml: is not valid YAML (line 1"),
        ({"a.yaml": "- just a list"}, "steps/a.yaml: must be a mapping"),
        ({"a.yaml": "steps: {id: 1}"}, "steps/a.yaml: 'steps' must be a list"),
        (
            {"a.yaml": "strengths:\n  - {dimension: suspicion, roles: [hurt], asks: []}"},
            "strengths[0]: missing ['id']",
        ),
        ({}, "no step files"),
    ],
)
def test_malformed_step_files(tmp_path: Path, files, problem: str) -> None:
    folder = _folder(tmp_path, files)
    assert problem in _fails(tmp_path, _catalogue(tmp_path, add=X_WORDS), folder)


def _texts_doc() -> dict[str, object]:
    return yaml.safe_load((DATA_DIR / "texts.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"blocks": {"safety": ["intro"], "support": ["when"]}}, "missing ['crisis', 'safety_pl"),
        ({"meanings": {"suspicion": ["victim"]}}, "meanings.suspicion: 'roles' must be"),
        ({"meanings": []}, "'meanings' must map dimensions to their roles"),
        ({"prompt_kinds": ["lecture"]}, "no message 'report.prompt.lecture'"),
        ({"date_locales": ["en_GB"]}, "'date_locales' must map"),
        ({"colour": "red"}, "unknown key(s) ['colour']"),
        ({"country_lines": {"safety.nowhere": "crisis"}}, "'safety.nowhere' is not a paragraph"),
        ({"country_lines": {"safety.intro": "pizza"}}, "country_lines.safety.intro: must be one"),
        ({"country_lines": []}, "country_lines: must map block.paragraph"),
    ],
)
def test_bad_texts(tmp_path: Path, change: dict[str, object], problem: str) -> None:
    folder = _folder(tmp_path, {})
    shutil.copytree(DATA_DIR / "steps", folder / "steps", dirs_exist_ok=True)
    (folder / "texts.yaml").write_text(yaml.safe_dump(_texts_doc() | change), encoding="utf-8")
    message = _fails(tmp_path, _catalogue(tmp_path), folder)
    assert "texts.yaml" in message
    assert problem in message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"dimension": "jealousy"}, "unknown dimension 'jealousy'"),
        ({"dimension": "fear"}, "unknown dimension 'fear'"),
        ({"dimension": "accountability", "roles": ["hurt"]}, "role(s) ['hurt'] not asked"),
    ],
)
def test_content_checked_against_bank(tmp_path: Path, bank: Bank, change, problem) -> None:
    folder = _folder(tmp_path, {"a.yaml": {"steps": [GOOD_STEP | change]}})
    content = read_content(folder, _catalogue(tmp_path, add=X_WORDS), FILE)
    with pytest.raises(ContentError) as caught:
        check_against_bank(content, bank)
    assert str(caught.value).startswith("steps/a.yaml: step x_step")
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("  ongoing:\n", "  still_going:\n", "context.still_going: not a context item"),
        ("    not_sure: {", "    maybe: {", "context.ongoing.maybe: not a choice of ongoing"),
        ("    ended: {", "    over: {", "context.wants.over: not a choice of wants"),
    ],
)
def test_context_effects_checked_against_the_bank(
    tmp_path: Path, bank: Bank, old: str, new: str, problem: str
) -> None:
    folder = _folder(tmp_path, {"a.yaml": {"steps": [GOOD_STEP]}})
    path = folder / "context_effects.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    content = read_content(folder, _catalogue(tmp_path, add=X_WORDS), FILE)
    with pytest.raises(ContentError) as caught:
        check_against_bank(content, bank)
    assert str(caught.value).startswith(f"context_effects.yaml: {problem}")
