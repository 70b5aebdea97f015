"""Check-ups as a FHIR R4 Bundle of QuestionnaireResponses (``scoring.fhir``, ``--fhir``):
every output validates with ``fhir.resources`` (R4B), answers read back equal the input,
scores and flags are the ones scored, and hostile inputs still give the CLI's clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from questions import Bank, load_bank
from questions.fhir import canonical, questionnaire
from scoring.cli import main
from scoring.engine import score_frame
from scoring.fhir import (
    FLAG_WORDS,
    RESPONDENT_SYSTEM,
    Checkup,
    answers_of,
    bundle_for,
    checkups_of,
)
from scoring.inputs import read_responses
from scoring.result import score_one
from scoring.rules import load_rules

from .conftest import all_answers
from .golden.make_golden import write_inputs
from .test_cli_hardening import HOSTILE

ROOT = Path(__file__).resolve().parents[2]


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out += _walk(item.get("item", []))
    return out


def _checkup(bank: Bank, role: str, answers: dict[str, int], **more: Any) -> Checkup:
    result = score_one(bank, role, "romantic", answers, "client-7")
    return Checkup("client-7", role, "romantic", answers, result.scores(), result.flags, **more)


def _answers_match_the_questionnaire(bank: Bank, bundle: dict[str, Any]) -> None:
    """Every answered linkId is a question of the Questionnaire, in the group it sits in
    there, and every answer is one of its options."""
    found = {}
    for group in questionnaire(bank)["item"]:
        for question in group["item"]:
            found[question["linkId"]] = (group["linkId"], question)
    for entry in bundle["entry"]:
        response = entry["resource"]
        assert response["questionnaire"] == canonical(bank)
        for group in response["item"]:
            for answered in group["item"]:
                where, question = found[answered["linkId"]]
                assert where == group["linkId"]
                assert answered.get("text", question["text"]) == question["text"]
                options = [o["valueCoding"] for o in question["answerOption"]]
                assert len(answered["answer"]) == 1
                assert answered["answer"][0]["valueCoding"] in options


GOLDEN_COUNT = 600  # the scoring fixtures' first 600 (every role, relationship, odd id)


def _signature(response: dict[str, Any]) -> tuple[Any, ...]:
    """What makes a response different for validation: role, relationship, flags, scores
    left out, and whether its respondent id is one of the odd ones."""
    role, relationship = (
        i["answer"][0]["valueCoding"]["code"] for i in response["item"][0]["item"]
    )
    kinds = frozenset(
        (o["id"].split("-")[0], "dataAbsentReason" in o) for o in response["contained"]
    )
    odd = not response["subject"]["identifier"]["value"].startswith("r0")
    return role, relationship, kinds, odd


@pytest.fixture(scope="module")
def golden(bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fixtures as CSV and JSON through ``python -m scoring IN --fhir -o OUT.json``:
    both give the same Bundle."""
    folder = tmp_path_factory.mktemp("fhir")
    sources = write_inputs(bank, folder, count=GOLDEN_COUNT)
    texts = []
    for source in sources:
        out = folder / f"{source.stem}-{source.suffix[1:]}.bundle.json"
        assert main([str(source), "--fhir", "-o", str(out)]) == 0
        texts.append(out.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    return {"bundle": json.loads(texts[0]), "frame": read_responses(sources[1], bank)}


def test_golden_responses_validate(golden: dict[str, Any]) -> None:
    """One response of every kind validates (fhir.resources takes about 25 ms a response,
    so not all 600: every role, relationship, set of flags, unscored kind and odd id)."""
    bundle = golden["bundle"]
    chosen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for entry in bundle["entry"]:
        chosen.setdefault(_signature(entry["resource"]), entry)
    assert 30 <= len(chosen) <= 200
    flags = {o["id"] for e in chosen.values() for o in e["resource"]["contained"]}
    assert {"flag-safety", "flag-urgent", "flag-high-danger", "flag-safety-not-screened"} <= flags
    Bundle.model_validate({**bundle, "entry": list(chosen.values())})


def test_every_golden_response_reads_back(bank: Bank, golden: dict[str, Any]) -> None:
    bundle, frame = golden["bundle"], golden["frame"]
    assert len(bundle["entry"]) == len(frame) == GOLDEN_COUNT
    items = [c for c in frame.columns if c in bank.item_by_id]
    values = frame[items].to_numpy(dtype=np.float64, na_value=np.nan)
    for row, entry in enumerate(bundle["entry"]):
        role, relationship, answers = answers_of(entry["resource"], bank)
        expected = {i: int(v) for i, v in zip(items, values[row], strict=True) if v == v}
        assert (role, relationship, answers) == (
            frame["role"].iloc[row],
            frame["relationship"].iloc[row],
            expected,
        )
        identifier = entry["resource"]["subject"]["identifier"]["value"]
        assert identifier == frame["respondent"].iloc[row]
    _answers_match_the_questionnaire(bank, bundle)
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)


def test_scores_bands_and_flags_are_the_scored_ones(bank: Bank) -> None:
    answers = all_answers(bank, "hurt", 4) | {"selfharm_2": 3, "selfharm_intent": 2}
    answers.pop("cling_1"), answers.pop("cling_2")  # too few for "Needing reassurance"
    checkup = _checkup(bank, "hurt", answers)
    bundle = bundle_for(bank, [checkup])
    Bundle.model_validate(bundle)
    contained = {o["code"]["coding"][0]["code"]: o for o in _contained(bundle)}
    result = score_one(bank, "hurt", "romantic", answers)
    rules = load_rules()
    for dim in result.dimensions.values():
        observation = contained[dim.id]
        if dim.score is None:
            assert "valueQuantity" not in observation and "interpretation" not in observation
            assert observation["dataAbsentReason"]["text"] == dim.reason
        else:
            assert observation["valueQuantity"]["value"] == dim.score
            band = observation["interpretation"][0]["coding"][0]
            assert band["code"] == dim.band and band["display"] == rules.band_word(dim.band)
    for name, composite in result.composites.items():
        assert contained[name]["valueQuantity"]["value"] == composite.score
    flags = [o for o in _contained(bundle) if o["id"].startswith("flag-")]
    assert [f["code"]["coding"][0]["code"] for f in flags] == list(result.flags)
    assert {"self_harm", "urgent"} <= set(result.flags)
    assert all(f["valueBoolean"] is True and f["code"]["text"] for f in flags)
    assert all(o["derivedFrom"] == [{"reference": "#"}] for o in _contained(bundle))


def _contained(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for e in bundle["entry"] for o in e["resource"]["contained"]]


def test_every_rule_flag_has_words_for_the_clinician() -> None:
    assert {f.name for f in load_rules().flags} == set(FLAG_WORDS)


def test_time_id_and_subject_as_an_identifier_only(bank: Bank) -> None:
    when = datetime(2026, 11, 30, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    answers = all_answers(bank, "broke", 2)
    checkup = _checkup(bank, "broke", answers, created_at=when, checkup_id="c-42")
    response = bundle_for(bank, [checkup])["entry"][0]["resource"]
    QuestionnaireResponse.model_validate(response)
    assert response["authored"] == "2026-11-30T09:15:00+01:00"
    assert response["identifier"]["value"] == "c-42"
    assert response["subject"] == {"identifier": {"system": RESPONDENT_SYSTEM, "value": "client-7"}}
    assert all(o["effectiveDateTime"] == response["authored"] for o in response["contained"])
    plain = bundle_for(bank, [_checkup(bank, "broke", answers)])["entry"][0]["resource"]
    assert "authored" not in plain and "identifier" not in plain


def test_answers_carry_the_questionnaires_text_and_labels(bank: Bank) -> None:
    """The text of an answered item must match the Questionnaire's (a FHIR validator rule)."""
    response = bundle_for(bank, [_checkup(bank, "broke", {"cling_1": 2})])["entry"][0]["resource"]
    item = next(i for i in _walk(response["item"]) if i["linkId"] == "cling_1")
    asked = next(i for i in _walk(questionnaire(bank)["item"]) if i["linkId"] == "cling_1")
    assert item["text"] == asked["text"] == bank.item_by_id["cling_1"].text
    assert item["answer"][0]["valueCoding"]["display"] == bank.scales["agree5"].labels[2]


def test_an_answer_off_its_scale_is_refused_by_name(bank: Bank) -> None:
    checkup = Checkup("x", "hurt", "work", {"cling_1": 9}, {})
    with pytest.raises(ValueError, match="cling_1"):
        bundle_for(bank, [checkup])


def test_the_pulse_form_and_another_language(tmp_path: Path) -> None:
    bank = load_bank("qps-ploc").for_form("pulse")
    answers = {i.id: 3 for i in bank.items_for("both") if i.scale.max >= 3}
    checkup = _checkup(bank, "both", answers)
    bundle = bundle_for(bank, [checkup])
    Bundle.model_validate(bundle)
    response = bundle["entry"][0]["resource"]
    assert response["language"] == "qps-ploc" and "pulse" in response["questionnaire"]
    assert answers_of(response, bank)[2] == answers
    assert all(o["code"]["text"].startswith("⟦") for o in response["contained"])


def test_checkups_of_a_frame_equal_the_per_response_path(bank: Bank, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    rows = [
        {"respondent": "a", "role": "hurt", "relationship": "work", "answers": {"fear_1": 2}},
        {
            "respondent": "b",
            "role": "both",
            "relationship": "family",
            "created_at": "2026-12-01T20:30:00Z",
            "answers": all_answers(bank, "both", 5),
        },
    ]
    source.write_text(json.dumps(rows))
    frame = read_responses(source, bank)
    made = list(checkups_of(frame, score_frame(frame, bank), bank, load_rules()))
    assert [c.created_at for c in made] == [None, datetime(2026, 12, 1, 20, 30, tzinfo=UTC)]
    for checkup, row in zip(made, rows, strict=True):
        one = score_one(bank, row["role"], row["relationship"], row["answers"])
        assert checkup.scores == one.scores() and tuple(checkup.flags) == one.flags


def test_the_cli_streams_what_bundle_for_builds(bank: Bank, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    rows = [{"respondent": f"r{n}", "role": "hurt", "relationship": "work",
             "alias": "Sam Private", "answers": all_answers(bank, "hurt", 1 + n % 5)}
            for n in range(5)]  # fmt: skip
    source.write_text(json.dumps(rows))
    out = tmp_path / "out.json"
    assert main([str(source), "--fhir", "-o", str(out)]) == 0
    frame = read_responses(source, bank)
    checkups = checkups_of(frame, score_frame(frame, bank), bank, load_rules())
    assert json.loads(out.read_text()) == bundle_for(bank, checkups)
    assert "Sam Private" not in out.read_text()  # the alias stays out of the export


def test_the_cli_as_a_whole_process(bank: Bank, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "respondent,role,relationship,created_at,fear_1,harm_weapon\n"
        "=HYPERLINK(1),hurt,work,2026-11-30T09:15:00+00:00,3,2\n"
    )
    out = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "scoring", str(source), "--fhir", "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""
    response = Bundle.model_validate_json(out.read_text()).entry[0].resource
    assert response.subject.identifier.value == "=HYPERLINK(1)"  # an identifier, not a cell
    assert {"high_danger", "danger"} <= {o.code.coding[0].code for o in response.contained}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_inputs_give_the_same_clear_error(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, words = HOSTILE[case]
    source = tmp_path / name
    source.write_text(content, encoding="utf-8", errors="surrogatepass")
    assert main([str(source), "-o", str(tmp_path / "plain.json")]) == 2
    plain = capsys.readouterr().err
    assert main([str(source), "--fhir", "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err == plain and words in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("field", "value"),
    [("created_at", "2026-11-30"), ("created_at", "yesterday"), ("created_at", "9" * 500)],
)
def test_a_bad_response_time_is_named(
    field: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source in (tmp_path / "in.json", tmp_path / "in.csv"):
        if source.suffix == ".json":
            row = {"respondent": "r1", "role": "hurt", "relationship": "work", field: value}
            source.write_text(json.dumps([row | {"answers": {}}]))
        else:
            source.write_text(f"respondent,role,relationship,{field}\nr1,hurt,work,{value}\n")
        assert main([str(source), "--fhir"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {source}: ") and "created_at" in err
        assert "offset from UTC" in err and err.count("\n") == 1 and len(err) < 400


def test_fhir_output_must_be_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"respondent": "r", "role": "hurt", "relationship": "work",
                                  "answers": {}}))  # fmt: skip
    assert main([str(source), "--fhir", "-o", str(tmp_path / "out.csv")]) == 2
    assert "a FHIR Bundle is JSON" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_a_saved_pulse_checkup_answers_the_pulse_questionnaire(bank: Bank) -> None:
    pulse = bank.for_form("pulse")
    answers = {i.id: 2 for i in pulse.items_for("hurt")}
    checkup = _checkup(bank, "hurt", answers, form="pulse")
    bundle = bundle_for(bank, [checkup])  # the full bank, as the app holds it
    Bundle.model_validate(bundle)
    response = bundle["entry"][0]["resource"]
    assert response["questionnaire"] == canonical(pulse)
    assert answers_of(response, pulse)[2] == answers
    _answers_match_the_questionnaire(pulse, bundle)


def test_without_output_the_bundle_goes_to_stdout_and_duplicates_are_warned(
    bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    row = {"respondent": "same", "role": "hurt", "relationship": "work", "answers": {"fear_1": 1}}
    source.write_text(json.dumps([row, row]))
    assert main([str(source), "--fhir", "--form", "pulse"]) == 0
    captured = capsys.readouterr()
    bundle = Bundle.model_validate_json(captured.out)
    assert len(bundle.entry) == 2 and "pulse" in bundle.entry[0].resource.questionnaire
    assert captured.err.startswith("warning: ") and "'same'" in captured.err
