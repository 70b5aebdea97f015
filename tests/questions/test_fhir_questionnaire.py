"""The bank as a FHIR R4 Questionnaire: every locale and form validates with ``fhir.resources``
(R4 models: ``fhir.resources.R4B``), keeps FHIR's rules that the models do not check, holds
every item with its scale, and asks exactly what ``Bank.is_asked`` asks."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from locales import LOCALES
from questions import ROLES, Bank, load_bank
from questions.export import bank_document
from questions.fhir import (
    DATA_ABSENT,
    NOT_APPLICABLE,
    ROLE_ITEM,
    ROLE_WORDING,
    answer_code,
    point_of,
    questionnaire,
    questionnaire_url,
)

ROOT = Path(__file__).parents[2]
FORMS = ("full", "pulse")
CASES = [(locale, form) for locale in LOCALES for form in FORMS]
R4_ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
    "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def bank_of(locale: str, form: str) -> Bank:
    return load_bank(locale).for_form(form)


@pytest.mark.parametrize(("locale", "form"), CASES)
def test_every_locale_and_form_validates(locale: str, form: str) -> None:
    bank = bank_of(locale, form)
    document = questionnaire(bank)
    model = Questionnaire.model_validate_json(json.dumps(document, ensure_ascii=False))
    assert model.status == "active" and model.version == bank.version
    assert model.url == questionnaire_url(bank) and model.language == locale
    assert len(list(walk(document["item"]))) > len(bank.items)


@pytest.mark.parametrize(("locale", "form"), CASES)
def test_fhir_rules_the_models_do_not_check(locale: str, form: str) -> None:
    """que-2 unique linkIds; que-1 groups have items; que-6/que-9 display items hold no
    answers or children; que-5 choice items have options; que-7 'exists' takes a boolean;
    que-12 enableBehavior when there are several conditions; conditions name earlier items."""
    items = list(walk(questionnaire(bank_of(locale, form))["item"]))
    links = [i["linkId"] for i in items]
    assert len(links) == len(set(links))
    seen: set[str] = set()
    for item in items:
        assert item["type"] in R4_ITEM_TYPES and item.get("text")
        if item["type"] == "group":
            assert item["item"] and "answerOption" not in item
        if item["type"] == "display":
            assert "item" not in item and "answerOption" not in item and "required" not in item
        if item["type"] == "choice":
            assert item["answerOption"] and "item" not in item
        conditions = item.get("enableWhen", [])
        assert (len(conditions) > 1) <= ("enableBehavior" in item)
        for condition in conditions:
            assert condition["question"] in seen, (item["linkId"], condition)
            if condition["operator"] == "exists":
                assert isinstance(condition["answerBoolean"], bool)
        seen.add(item["linkId"])


@pytest.mark.parametrize(("locale", "form"), CASES)
def test_every_item_with_its_scale_codes_and_words(locale: str, form: str) -> None:
    bank = bank_of(locale, form)
    found = {i["linkId"]: i for i in walk(questionnaire(bank)["item"])}
    for item in bank.items:
        question = found[item.id]
        assert question["text"] == item.text  # the neutral wording, in the locale's words
        codings = [o["valueCoding"] for o in question["answerOption"]]
        points = [(c["code"], c["display"]) for c in codings if c["system"] != DATA_ABSENT]
        assert points == [(answer_code(item, p), item.scale.labels[p]) for p in item.scale.points]
        absent = [c for c in codings if c["system"] == DATA_ABSENT]
        expected = [{"system": DATA_ABSENT, "code": NOT_APPLICABLE, "display": bank.does_not_apply}]
        assert absent == (expected if item.does_not_apply else [])
        assert question["code"][0]["code"] == item.dimension
        own = {
            e["extension"][0]["valueCode"]: e["extension"][1]["valueString"]
            for e in question.get("extension", [])
            if e["url"] == ROLE_WORDING
        }
        assert own == {r: item.text_for(r) for r in item.worded_for if r in item.roles}
    assert sum(1 for k in found if k in bank.item_by_id) == len(bank.items)


def test_context_items_use_their_choice_ids_and_codes_read_back() -> None:
    bank = load_bank()
    wants = bank.item_by_id["wants"]
    assert [answer_code(wants, p) for p in wants.scale.points] == list(wants.scale.choices)
    for item in bank.items:
        for point in item.scale.points:
            assert point_of(item, answer_code(item, point)) == point
    with pytest.raises(KeyError):
        point_of(bank.item_by_id["fear_1"], "9")


def _holds(condition: Mapping[str, Any], answers: Mapping[str, str]) -> bool:
    """One enableWhen condition on coded answers (the operators the export uses)."""
    given = answers.get(condition["question"])
    if condition["operator"] == "exists":
        return (given is not None) == condition["answerBoolean"]
    assert condition["operator"] == "!="
    return given is not None and given != condition["answerCoding"]["code"]


@pytest.mark.parametrize("form", FORMS)
def test_enable_when_asks_exactly_what_the_bank_asks(form: str) -> None:
    """For random roles and answers (stepped items' steps on every point, or blank), an item
    is enabled exactly when the role is asked it and Bank.is_asked holds."""
    bank = bank_of("en", form)
    found = {i["linkId"]: i for i in walk(questionnaire(bank)["item"])}
    rng = random.Random(12)
    steps = sorted({i.ask_if.item for i in bank.items if i.ask_if})
    assert steps, "the bank has stepped items"
    for _ in range(200):
        role = rng.choice(ROLES)
        points = {s: rng.choice([None, *bank.item_by_id[s].scale.points]) for s in steps}
        coded = {ROLE_ITEM: role}
        coded |= {s: answer_code(bank.item_by_id[s], p) for s, p in points.items() if p is not None}
        for item in bank.items:
            question = found[item.id]
            conditions = question.get("enableWhen", [])
            assert question.get("enableBehavior", "all") == "all"
            enabled = all(_holds(c, coded) for c in conditions)
            assert enabled == (role in item.roles and bank.is_asked(item, points)), item.id


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "questions", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_writes_the_questionnaire_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "pulse.json"
    done = _run("export", "--fhir", "--form", "pulse", "--lang", "qps-ploc", "-o", str(out))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    model = Questionnaire.model_validate_json(out.read_text(encoding="utf-8"))
    assert model.language == "qps-ploc" and model.title and model.title.startswith("⟦")
    assert json.loads(out.read_text(encoding="utf-8")) == questionnaire(
        bank_of("qps-ploc", "pulse")
    )
    assert [p.name for p in tmp_path.iterdir()] == ["pulse.json"]  # no temp file left


def test_cli_prints_it_and_keeps_the_plain_export() -> None:
    fhir = _run("export", "--fhir")
    assert fhir.returncode == 0
    assert json.loads(fhir.stdout) == questionnaire(load_bank())
    plain = _run("export")
    assert json.loads(plain.stdout) == bank_document(load_bank())


@pytest.mark.parametrize("where", ["missing/q.json", "."])
def test_cli_unwritable_output_is_one_line_and_no_file(tmp_path: Path, where: str) -> None:
    out = tmp_path / where
    done = _run("export", "--fhir", "-o", str(out))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: cannot write ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_form_without_its_own_title_and_ids_fhir_allows() -> None:
    bank = replace(load_bank(), form="weekly_check", locale="en")
    document = questionnaire(bank)
    assert document["title"] == "Trust Check-up: weekly_check"
    assert document["id"] == "trust-checkup-weekly-check-en"  # FHIR ids allow no "_"
    assert document["url"].endswith("/Questionnaire/trust-checkup-weekly-check-en")


def test_cli_writes_the_plain_export_to_a_file_too(tmp_path: Path) -> None:
    out = tmp_path / "bank.json"
    assert _run("export", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == bank_document(load_bank())
