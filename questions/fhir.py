"""The bank as a FHIR R4 ``Questionnaire`` (``python -m questions export --fhir``).

Plain dicts ready for ``json.dumps``: no FHIR library at run time (the tests validate the
output with ``fhir.resources``). One Questionnaire per locale and form: an "About you" group
(role and relationship, which the app asks first), then one group per section in the order
asked, each item a ``choice`` question with ``linkId`` = the item id and the scale's codes as
``answerOption.valueCoding``. Which items a role is asked and the stepped self-harm items are
``enableWhen`` conditions (all of them must hold). Text is the neutral wording in the bank's
language; a role with its own wording carries it in the project's ``role-wording`` extension.
Codes and their meaning: docs/fhir.md.
"""

from __future__ import annotations

import re
from typing import Any

from locales import catalogue
from questions.model import ROLES, Bank, Item, Scale, Section

BASE_URI = "https://trust-checkup.invalid/fhir"
"""The project's own namespace for its code systems, extensions and canonical URLs. The
``.invalid`` top-level domain never resolves (RFC 2606): the URIs name, they do not point."""
FHIR_VERSION = "4.0.1"
ROLE_ITEM = "role"
RELATIONSHIP_ITEM = "relationship"
ABOUT_GROUP = "section.about"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
NOT_APPLICABLE = "not-applicable"
"""The "Does not apply" answer: HL7's data-absent-reason code, understood by any system."""
ROLE_WORDING = f"{BASE_URI}/StructureDefinition/role-wording"
TITLE_IDS = {"full": "cli.fhir.title_full", "pulse": "cli.fhir.title_pulse"}
OTHER_TITLE = "cli.fhir.title_other"
_NOT_ID = re.compile(r"[^A-Za-z0-9\-.]")


def system(name: str) -> str:
    """The URI of one of the project's code systems (``scale-agree5``, ``role``, ``dimension``)."""
    return f"{BASE_URI}/CodeSystem/{name}"


def scale_system(scale: Scale) -> str:
    """The code system of a scale's answers: one per scale (agreement and frequency points
    share codes 1..5 but not meanings)."""
    return system(f"scale-{scale.id}")


def resource_id(*parts: str) -> str:
    """A FHIR id (letters, digits, ``-`` and ``.``, at most 64) from name parts."""
    return _NOT_ID.sub("-", "-".join(parts))[:64]


def questionnaire_url(bank: Bank) -> str:
    """The canonical URL of the bank's Questionnaire: one per form and language (a canonical
    URL and version name one resource, and each language is its own text)."""
    return f"{BASE_URI}/Questionnaire/{resource_id('trust-checkup', bank.form, bank.locale)}"


def canonical(bank: Bank) -> str:
    """``url|version``: how a QuestionnaireResponse names the Questionnaire it answers."""
    return f"{questionnaire_url(bank)}|{bank.version}"


def answer_code(item: Item, point: int) -> str:
    """The code of an answer: the choice id on a choice scale, else the point ("1".."5")."""
    return item.scale.choice_of(point) if item.scale.choices else str(point)


def point_of(item: Item, code: str) -> int:
    """The scale point of an answer code (inverse of :func:`answer_code`); KeyError if none."""
    for point in item.scale.points:
        if answer_code(item, point) == code:
            return point
    raise KeyError(code)


def answer_coding(item: Item, point: int) -> dict[str, str]:
    """One answer as a Coding: the scale's system, the code and the label in words."""
    return {
        "system": scale_system(item.scale),
        "code": answer_code(item, point),
        "display": item.scale.labels[point],
    }


def not_applicable(bank: Bank) -> dict[str, str]:
    """The "Does not apply" answer as a Coding, in the bank's words."""
    return {"system": DATA_ABSENT, "code": NOT_APPLICABLE, "display": bank.does_not_apply}


def _options(bank: Bank, item: Item) -> list[dict[str, Any]]:
    options = [{"valueCoding": answer_coding(item, p)} for p in item.scale.points]
    if item.does_not_apply:
        options.append({"valueCoding": not_applicable(bank)})
    return options


def _coded(question: str, operator: str, coding: dict[str, str]) -> dict[str, Any]:
    return {"question": question, "operator": operator, "answerCoding": coding}


def _role_coding(bank: Bank, role: str) -> dict[str, str]:
    return {"system": system("role"), "code": role, "display": bank.roles[role]}


def _conditions(bank: Bank, item: Item) -> list[dict[str, Any]]:
    """When the item is asked, as enableWhen conditions that must all hold: the role is none
    of the roles not asked; a stepped item's step is answered and on no point up to
    ``above`` (FHIR orders no codings, so "above 1" is "answered and not 1")."""
    conditions = [
        _coded(ROLE_ITEM, "!=", _role_coding(bank, r)) for r in ROLES if r not in item.roles
    ]
    if item.ask_if is not None:
        step = bank.item_by_id[item.ask_if.item]
        conditions.append({"question": step.id, "operator": "exists", "answerBoolean": True})
        conditions += [
            _coded(step.id, "!=", answer_coding(step, p))
            for p in step.scale.points
            if p <= item.ask_if.above
        ]
    return conditions


def _question(bank: Bank, item: Item) -> dict[str, Any]:
    dimension = bank.dimension_by_id[item.dimension]
    question: dict[str, Any] = {
        "linkId": item.id,
        "code": [{"system": system("dimension"), "code": dimension.id, "display": dimension.name}],
        "text": item.text,
        "type": "choice",
        "answerOption": _options(bank, item),
    }
    own = [r for r in item.worded_for if r in item.roles]
    if own:
        question["extension"] = [_role_wording(role, item.text_for(role)) for role in own]
    conditions = _conditions(bank, item)
    if conditions:
        question["enableWhen"] = conditions
        question["enableBehavior"] = "all"
    return question


def _role_wording(role: str, text: str) -> dict[str, Any]:
    """The project's extension: the question as worded for one role (neutral relationship)."""
    parts = [{"url": "role", "valueCode": role}, {"url": "text", "valueString": text}]
    return {"url": ROLE_WORDING, "extension": parts}


def _section(bank: Bank, section: Section) -> dict[str, Any]:
    items = [i for i in bank.items if bank.dimension_by_id[i.dimension].section == section.id]
    intro = {"linkId": f"section.{section.id}.intro", "text": section.intro, "type": "display"}
    return {
        "linkId": f"section.{section.id}",
        "text": section.title,
        "type": "group",
        "item": [intro, *(_question(bank, i) for i in items)],
    }


def _about(bank: Bank) -> dict[str, Any]:
    """Role and relationship: the app's first page, which every condition refers to."""
    cat = catalogue(bank.locale)
    roles = [{"valueCoding": _role_coding(bank, r)} for r in ROLES]
    kinds = [
        {"valueCoding": {"system": system("relationship"), "code": r.id, "display": r.label}}
        for r in bank.relationships.values()
    ]
    return {
        "linkId": ABOUT_GROUP,
        "text": cat.text("cli.fhir.about"),
        "type": "group",
        "item": [
            {
                "linkId": ROLE_ITEM,
                "text": cat.text("cli.fhir.role"),
                "type": "choice",
                "required": True,
                "answerOption": roles,
            },
            {
                "linkId": RELATIONSHIP_ITEM,
                "text": cat.text("cli.fhir.relationship"),
                "type": "choice",
                "required": True,
                "answerOption": kinds,
            },
        ],
    }


def title(bank: Bank) -> str:
    """The Questionnaire's title in the bank's language, per form."""
    cat = catalogue(bank.locale)
    if bank.form in TITLE_IDS:
        return cat.text(TITLE_IDS[bank.form])
    return cat.text(OTHER_TITLE, form=bank.form)


def questionnaire(bank: Bank) -> dict[str, Any]:
    """The bank (one form, one language) as a FHIR R4 Questionnaire resource."""
    return {
        "resourceType": "Questionnaire",
        "id": resource_id("trust-checkup", bank.form, bank.locale),
        "meta": {"tag": [{"system": system("form"), "code": bank.form}]},
        "language": bank.locale,
        "url": questionnaire_url(bank),
        "version": bank.version,
        "title": title(bank),
        "status": "active",
        "subjectType": ["Patient"],
        "description": catalogue(bank.locale).text("cli.fhir.description"),
        "item": [_about(bank), *(_section(bank, s) for s in bank.sections)],
    }
