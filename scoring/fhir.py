"""Check-ups as a FHIR R4 ``Bundle`` of ``QuestionnaireResponse`` resources, scores included.

``bundle_for(bank, checkups)`` is pure: plain values in (answers, scores, flags, the time and
an id per check-up: :class:`Checkup`), plain dicts out, ready for ``json.dumps``; no FHIR
library at run time (the tests validate with ``fhir.resources``). The app's practice pages
and ``python -m scoring IN --fhir`` both use it.

Each response answers the Questionnaire of :mod:`questions.fhir` (``linkId`` = item id, each
answer coded with its scale's code and label) and carries its scores as *contained*
Observations: one per scored dimension and composite (``valueQuantity`` 0-100 with the band
as ``interpretation``, or ``dataAbsentReason`` and the reason when too few items were
answered), and one per raised flag (``valueBoolean`` true). Why contained Observations and not
an extension, and who reads the flags: docs/fhir.md.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from locales import Catalogue, catalogue
from questions import Bank, Item, Section
from questions.fhir import (
    ABOUT_GROUP,
    BASE_URI,
    DATA_ABSENT,
    RELATIONSHIP_ITEM,
    ROLE_ITEM,
    answer_coding,
    canonical,
    point_of,
    system,
)
from scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    import pandas as pd

RESPONDENT_SYSTEM = f"{BASE_URI}/respondent"
CHECKUP_SYSTEM = f"{BASE_URI}/checkup"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
SCORE_UNIT = "{score}"  # UCUM annotation: a unitless 0-100 score
FLAG_WORDS = {
    "safety": "cli.fhir.flag.safety",
    "danger": "cli.fhir.flag.danger",
    "high_danger": "cli.fhir.flag.high_danger",
    "self_harm": "cli.fhir.flag.self_harm",
    "urgent": "cli.fhir.flag.urgent",
    "safety_not_screened": "cli.fhir.flag.safety_not_screened",
}
"""A flag's name as the clinician reads it (``cli-fhir.po``); others: ``cli.fhir.flag_other``."""
NAMESPACE = uuid.UUID("5d1f0c4e-7a0b-4c55-9a53-1c2e8f7a2b10")
"""For the entries' ``urn:uuid:`` full URLs: the same input gives the same Bundle."""


@dataclass(frozen=True)
class Checkup:
    """One check-up as plain values: who (an id only), the role and relationship answered
    for, answers (item id -> scale point; None, NaN or absent = unanswered), scores
    (dimension or composite id -> 0-100 or None), the raised flags, when, its id, and the
    form answered (None: the bank's own; a saved pulse check-up names ``pulse``)."""

    respondent: str
    role: str
    relationship: str
    answers: Mapping[str, float | int | None]
    scores: Mapping[str, float | None]
    flags: Sequence[str] = ()
    created_at: datetime | None = None
    checkup_id: str | None = None
    form: str | None = None


def _given(value: float | int | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _answer(item: Item, value: float | int) -> dict[str, Any]:
    """One answer; ValueError naming the item when it is not a point of its scale."""
    if float(value) % 1 or not item.scale.min <= value <= item.scale.max:
        raise ValueError(f"answer {value!r} to {item.id!r} is not on its scale")
    return {"valueCoding": answer_coding(item, int(value))}


def _subject(checkup: Checkup) -> dict[str, Any]:
    """The respondent as an identifier only: no name, no reference to a record."""
    return {"identifier": {"system": RESPONDENT_SYSTEM, "value": checkup.respondent}}


def _about(bank: Bank, checkup: Checkup) -> dict[str, Any]:
    role = {"system": system("role"), "code": checkup.role, "display": bank.roles[checkup.role]}
    label = bank.relationships[checkup.relationship].label
    kind = {"system": system("relationship"), "code": checkup.relationship, "display": label}
    return {
        "linkId": ABOUT_GROUP,
        "item": [
            {"linkId": ROLE_ITEM, "answer": [{"valueCoding": role}]},
            {"linkId": RELATIONSHIP_ITEM, "answer": [{"valueCoding": kind}]},
        ],
    }


_SECTIONS: dict[int, tuple[Bank, list[tuple[Section, list[Item]]]]] = {}


def _sections(bank: Bank) -> list[tuple[Section, list[Item]]]:
    """Each section and its items in bank order, worked out once per bank (a few banks per
    process, each loaded once: kept by identity)."""
    kept = _SECTIONS.get(id(bank))
    if kept is None or kept[0] is not bank:
        by_section: dict[str, list[Item]] = {s.id: [] for s in bank.sections}
        for item in bank.items:
            by_section[bank.dimension_by_id[item.dimension].section].append(item)
        kept = _SECTIONS[id(bank)] = (bank, [(s, by_section[s.id]) for s in bank.sections])
    return kept[1]


_ASKED: dict[tuple[int, str, str], tuple[Bank, list[Item]]] = {}


def _asked(bank: Bank, role: str, dim: str) -> list[Item]:
    """``bank.items_for(role, dim)``, once per bank, role and dimension."""
    kept = _ASKED.get((id(bank), role, dim))
    if kept is None or kept[0] is not bank:
        kept = _ASKED[id(bank), role, dim] = (bank, bank.items_for(role, dim))
    return kept[1]


def _answered(bank: Bank, checkup: Checkup) -> list[dict[str, Any]]:
    """The answered items, grouped by section in the order asked, each with the
    Questionnaire's own text (FHIR validators require the two to match; the role's wording
    is in the Questionnaire's role-wording extension). Answers to items this bank does not
    have are left out."""
    groups: list[dict[str, Any]] = [_about(bank, checkup)]
    for section, in_section in _sections(bank):
        answered = [i for i in in_section if _given(checkup.answers.get(i.id))]
        if not answered:
            continue
        items = []
        for item in answered:
            value = checkup.answers[item.id]
            assert value is not None  # _given
            answer = [_answer(item, value)]
            items.append({"linkId": item.id, "text": item.text, "answer": answer})
        groups.append({"linkId": f"section.{section.id}", "text": section.title, "item": items})
    return groups


def _observation(name: str, code: dict[str, str], checkup: Checkup) -> dict[str, Any]:
    """The frame of a contained Observation: derived from its container (``#``)."""
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": name,
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey"}]}],
        "code": {"coding": [code], "text": code["display"]},
        "subject": _subject(checkup),
        "derivedFrom": [{"reference": "#"}],
    }
    if checkup.created_at is not None:
        observation["effectiveDateTime"] = checkup.created_at.isoformat()
    return observation


def _unscored_reason(bank: Bank, rules: Rules, checkup: Checkup, dim: str, cat: Catalogue) -> str:
    """Why a dimension has no score, in words: answered, asked and needed items."""
    items = _asked(bank, checkup.role, dim)
    answered = sum(_given(checkup.answers.get(i.id)) for i in items)
    needed = rules.needed(len(items))
    return cat.text("cli.output.unscored", answered=answered, total=len(items), needed=needed)


def _score(
    bank: Bank, rules: Rules, checkup: Checkup, cat: Catalogue, key: str
) -> dict[str, Any] | None:
    """A dimension's or composite's score as an Observation (None for an id of neither)."""
    if key in bank.dimension_by_id:
        kind, words = "dimension", bank.dimension_by_id[key].name
    elif key in rules.composites:
        label = f"report.composite.{key}.label"
        kind, words = "composite", cat.text(label) if cat.has(label) else key
    else:
        return None
    code = {"system": system(kind), "code": key, "display": words}
    observation = _observation(f"{kind}-{key}".replace("_", "-"), code, checkup)
    score = checkup.scores[key]
    if score is None or math.isnan(score):
        reason = None if kind == "composite" else _unscored_reason(bank, rules, checkup, key, cat)
        observation["dataAbsentReason"] = {
            "coding": [{"system": DATA_ABSENT, "code": "unknown"}],
            **({"text": reason} if reason else {}),
        }
        return observation
    observation["valueQuantity"] = {
        "value": round(float(score), 2),
        "unit": SCORE_UNIT,
        "system": UCUM,
        "code": SCORE_UNIT,
    }
    band = rules.band_of(float(score))
    if band is not None:
        display = rules.band_word(band, bank.locale)
        band_code = {"system": system("band"), "code": band, "display": display}
        observation["interpretation"] = [{"coding": [band_code], "text": display}]
    return observation


def _flag(checkup: Checkup, name: str, cat: Catalogue) -> dict[str, Any]:
    words = cat.text(FLAG_WORDS[name]) if name in FLAG_WORDS else None
    display = words or cat.text("cli.fhir.flag_other", flag=name)
    code = {"system": system("flag"), "code": name, "display": display}
    observation = _observation(f"flag-{name}".replace("_", "-"), code, checkup)
    observation["valueBoolean"] = True
    return observation


def observations(bank: Bank, checkup: Checkup, rules: Rules | None = None) -> list[dict[str, Any]]:
    """The check-up's scores (in bank order, then composites) and raised flags."""
    rules = rules or load_rules()
    cat = catalogue(bank.locale)
    order = [d.id for d in bank.dimensions] + list(rules.composites)
    keys = [k for k in order if k in checkup.scores]
    scores = [_score(bank, rules, checkup, cat, k) for k in keys]
    return [s for s in scores if s] + [_flag(checkup, f, cat) for f in checkup.flags]


def response(
    bank: Bank, checkup: Checkup, number: int = 1, rules: Rules | None = None
) -> dict[str, Any]:
    """One check-up as a QuestionnaireResponse (``number``: its place in the Bundle) of the
    Questionnaire of its form; KeyError for a form the bank does not have."""
    if checkup.form is not None and checkup.form != bank.form:
        bank = bank.for_form(checkup.form)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{number}",
        "language": bank.locale,
        "contained": observations(bank, checkup, rules),
        "questionnaire": canonical(bank),
        "status": "completed",
        "item": _answered(bank, checkup),
    }
    if checkup.checkup_id:
        resource["identifier"] = {"system": CHECKUP_SYSTEM, "value": checkup.checkup_id}
    if checkup.respondent.strip():
        resource["subject"] = _subject(checkup)
    if checkup.created_at is not None:
        resource["authored"] = checkup.created_at.isoformat()
    return resource


def entry(
    bank: Bank, checkup: Checkup, number: int = 1, rules: Rules | None = None
) -> dict[str, Any]:
    """One Bundle entry: a stable ``urn:uuid:`` and the response."""
    key = f"{number}\x00{checkup.checkup_id or ''}\x00{checkup.respondent}"
    full_url = f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"
    return {"fullUrl": full_url, "resource": response(bank, checkup, number, rules)}


def bundle_for(
    bank: Bank, checkups: Iterable[Checkup], rules: Rules | None = None
) -> dict[str, Any]:
    """The check-ups as one FHIR R4 Bundle (type collection), in order."""
    rules = rules or load_rules()
    entries = [entry(bank, c, n, rules) for n, c in enumerate(checkups, start=1)]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


BUNDLE_START = '{"resourceType": "Bundle", "type": "collection", "entry": ['
BUNDLE_END = "\n]}\n"


def bundle_lines(
    bank: Bank, checkups: Iterable[Checkup], rules: Rules | None = None
) -> Iterator[str]:
    """The same Bundle as :func:`bundle_for` as text, one entry per line (a file of any size
    is written without holding it whole)."""
    import json

    rules = rules or load_rules()
    yield BUNDLE_START
    for n, checkup in enumerate(checkups, start=1):
        text = json.dumps(entry(bank, checkup, n, rules), ensure_ascii=False)
        yield ("\n" if n == 1 else ",\n") + text
    yield BUNDLE_END


def checkups_of(
    frame: pd.DataFrame, scored: pd.DataFrame, bank: Bank, rules: Rules
) -> Iterator[Checkup]:
    """The rows of a checked input chunk (:mod:`scoring.inputs`) and of its scores
    (:func:`scoring.engine.score_frame`) as Checkups, in order."""
    import numpy as np

    from scoring.inputs import TIME_FIELD, response_time
    from scoring.result import results_from_frame

    items = [str(c) for c in frame.columns if c in bank.item_by_id]
    values = frame[items].to_numpy(dtype=np.float64, na_value=np.nan)
    times = frame[TIME_FIELD].tolist() if TIME_FIELD in frame.columns else [""] * len(frame)
    for row, result in enumerate(results_from_frame(scored, bank, rules)):
        given = {item: int(v) for item, v in zip(items, values[row], strict=True) if v == v}
        yield Checkup(
            result.respondent,
            result.role,
            result.relationship,
            given,
            result.scores(),
            result.flags,
            created_at=response_time(str(times[row])),
        )


def answers_of(resource: Mapping[str, Any], bank: Bank) -> tuple[str, str, dict[str, int]]:
    """Role, relationship and answers (item id -> point) read back from a response."""
    found: dict[str, str] = {}
    answers: dict[str, int] = {}

    def walk(items: Iterable[Mapping[str, Any]]) -> None:
        for one in items:
            walk(one.get("item", ()))
            codes = [a["valueCoding"]["code"] for a in one.get("answer", ())]
            link = one["linkId"]
            if codes and link in (ROLE_ITEM, RELATIONSHIP_ITEM):
                found[link] = codes[0]
            elif codes and link in bank.item_by_id:
                answers[link] = point_of(bank.item_by_id[link], codes[0])

    walk(resource.get("item", ()))
    return found[ROLE_ITEM], found[RELATIONSHIP_ITEM], answers
