"""rules.yaml is validated on load: every malformed key is named with its file."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from locales import LOCALES, PSEUDO_LOCALE, catalogue
from questions import load_bank
from scoring.engine import score_frame
from scoring.rules import (
    CHANGE_DIRECTIONS,
    RULES_FILE,
    KindRule,
    RulesError,
    catalogue_ids,
    change_word,
    check_against,
    load_rules,
    load_rules_from,
    rules_from_mapping,
)

RAW: dict[str, Any] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    def edit(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return edit


def _drop(key: str) -> Edit:
    return lambda raw: raw.pop(key)


CASES: list[tuple[str, Edit, str, str]] = [
    ("better unknown", _set("kinds.sign.better", "smaller"), "kinds.sign.better", "one of"),
    ("needs_help band", _set("kinds.sign.needs_help", ["huge"]), "kinds.sign.needs_help", "huge"),
    (
        "strength empty",
        _set("kinds.willingness.strength", []),
        "kinds.willingness.strength",
        "non-empty",
    ),
    ("kind extra key", _set("kinds.sign.colour", "red"), "kinds.sign", "exactly"),
    ("kinds missing", _drop("kinds"), "kinds", "missing"),
    ("unknown key", _set("bandz", []), "bandz", "not a known key"),
    (
        "composite kind",
        _set("composites.trust_strain", "safety"),
        "composites.trust_strain",
        "safety",
    ),
    ("band from", _set("bands.1.from", "a third"), "bands[1].from", "number"),
    ("band order", _set("bands.2.from", 10), "bands", "rise"),
    ("band over 100", _set("bands.2.from", 101), "bands[2].from", "outside"),
    ("band name", _set("bands.0.name", "Low!"), "bands[0].name", "lower-case"),
    ("fraction", _set("min_answered_fraction", "most"), "min_answered_fraction", "fraction"),
    ("fraction range", _set("min_answered_fraction", "3/2"), "min_answered_fraction", "at most 1"),
    ("flag shape", _set("flags.safety", {"kinds": "safety"}), "flags.safety", "kind"),
    ("flag when", _set("flags.safety.when", "sometimes"), "flags.safety.when", "one of"),
    ("flag extra key", _set("flags.urgent.above", 2), "flags.urgent", "unknown key"),
    ("flag items", _set("flags.urgent.items", "selfharm_plan"), "flags.urgent.items", "list"),
    ("threshold", _set("reliable_change_threshold", True), "reliable_change_threshold", "number"),
    ("words in the yaml", _set("change_words", {"same": "x"}), "change_words", "not a known"),
]


@pytest.mark.parametrize(("name", "edit", "key", "problem"), CASES, ids=[c[0] for c in CASES])
def test_malformed_rules_name_file_and_key(
    tmp_path: Path, name: str, edit: Edit, key: str, problem: str
) -> None:
    raw = copy.deepcopy(RAW)
    edit(raw)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules_from(path)
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}: {key}: ")


def test_unreadable_and_invalid_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot be read"):
        load_rules_from(tmp_path / "absent.yaml")
    broken = tmp_path / "rules.yaml"
    broken.write_text("bands: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.yaml: line \d+: is not valid YAML"):
        load_rules_from(broken)
    broken.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(RulesError, match="top level"):
        load_rules_from(broken)


def test_kinds_say_which_direction_is_better() -> None:
    rules = load_rules()
    assert rules.kinds["sign"] == KindRule(
        "lower", frozenset({"moderate", "high"}), frozenset({"low", "moderate"})
    )
    assert rules.kinds["willingness"].better == "higher"
    assert rules.kinds["willingness"].needs_help == frozenset({"low", "moderate"})


@pytest.mark.parametrize(
    ("kind", "score", "need"),
    [
        ("sign", 80.0, 80.0),
        ("sign", 0.0, 0.0),
        ("willingness", 80.0, 20.0),
        ("willingness", 0.0, 100.0),
    ],
)
def test_need_is_help_on_a_0_to_100_scale(kind: str, score: float, need: float) -> None:
    assert load_rules().need(kind, score) == pytest.approx(need)


def test_need_of_an_unknown_kind_raises() -> None:
    with pytest.raises(KeyError):
        load_rules().need("safety", 10.0)


def test_every_scored_kind_of_the_bank_has_a_rule() -> None:
    rules, bank = load_rules(), load_bank()
    assert {d.kind for d in bank.scored_dimensions} == set(rules.kinds)
    flagged = {d for f in rules.flags for d in f.dimensions}
    assert flagged <= set(bank.dimension_by_id)


def test_scored_dimensions_leave_out_safety_and_context_only() -> None:
    bank = load_bank()
    assert {d.kind for d in bank.scored_dimensions} == {
        "sign",
        "willingness",
        "trust",
        "repair_seen",
    }
    unscored = ("safety", "context")
    assert len(bank.scored_dimensions) == sum(d.kind not in unscored for d in bank.dimensions)
    broke = bank.scored_dimensions_for("broke")
    assert "accountability" in {d.id for d in broke} and "forgiveness" not in {d.id for d in broke}
    assert all(d.kind != "safety" for d in broke)


def test_band_and_change_words_come_from_every_locale() -> None:
    rules = load_rules()
    ids = catalogue_ids(rules)
    assert ids == {f"bank.band.{b}" for b in ("low", "moderate", "high")} | {
        f"bank.change.{d}" for d in CHANGE_DIRECTIONS
    }
    for locale in LOCALES:
        assert ids <= catalogue(locale).ids(), locale
    assert rules.band_word("moderate") == "moderate"
    assert rules.change_words == {
        "better": "reliably better",
        "same": "no reliable change",
        "worse": "reliably worse",
    }
    pseudo = [rules.band_word(b, PSEUDO_LOCALE) for b in rules.band_names]
    pseudo += [change_word(d, PSEUDO_LOCALE) for d in CHANGE_DIRECTIONS]
    assert all(w.startswith("⟦") and w.endswith("⟧") for w in pseudo)


def test_unknown_band_or_direction_raises() -> None:
    with pytest.raises(KeyError):
        load_rules().band_word("extreme")
    with pytest.raises(KeyError):
        change_word("sideways")


@pytest.mark.parametrize(
    ("edit", "key", "problem"),
    [
        (_set("flags.danger.dimensions", ["feer", "harm"]), "flags.danger.dimensions", "feer"),
        (_set("flags.safety.kind", "safty"), "flags.safety.kind", "safty"),
        (_set("flags.urgent.items", ["selfharm_plan", "sh_plan"]), "flags.urgent.items", "sh_plan"),
        (_set("composites.trust_strain", "nothing"), "composites.trust_strain", "nothing"),
        (lambda raw: raw["kinds"].pop("willingness"), "composites.repair_readiness", "kind"),
    ],
)
def test_rules_that_name_what_the_bank_lacks_are_refused_before_scoring(
    tmp_path: Path, edit: Edit, key: str, problem: str
) -> None:
    raw = copy.deepcopy(RAW)
    edit(raw)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        score_frame(
            pd.DataFrame(columns=["respondent", "role", "relationship"]),
            load_bank(),
            load_rules_from(path),
        )
    assert (caught.value.key, caught.value.file) == (key, str(path))
    assert problem in caught.value.problem


def test_a_scored_kind_without_a_rule_is_refused(tmp_path: Path) -> None:
    raw = copy.deepcopy(RAW)
    raw["kinds"].pop("willingness")
    raw["composites"].pop("repair_readiness")
    with pytest.raises(
        RulesError, match=r"kinds: no rule for the bank's kind\(s\) \['willingness'\]"
    ):
        check_against(rules_from_mapping(raw, "x.yaml"), load_bank())
