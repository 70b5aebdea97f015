"""The report's words as data: steps and strengths (``data/steps/*.yaml``) and ``data/texts.yaml``.

Loaded once per folder and validated strictly: any problem raises :class:`ContentError`
naming the file and the entry. The content is not user data, so caching it is safe.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from questions import ROLES, Bank
from scoring.rules import load_rules

DATA_DIR = Path(__file__).with_name("data")
PLACEHOLDERS = frozenset({"your_other", "other"})
STEP_KEYS = frozenset(
    {
        "id",
        "dimension",
        "roles",
        "bands",
        "withheld_when_unsafe",
        "title",
        "why",
        "try_this_week",
        "prompt_kind",
        "prompt",
    }
)
STRENGTH_KEYS = frozenset({"dimension", "roles", "text"})
STRENGTH_OPTIONAL = frozenset({"withheld_when_unsafe"})


class ContentError(ValueError):
    """The report content files are malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Step:
    """One suggested step for a dimension, role and band."""

    id: str
    dimension: str
    roles: tuple[str, ...]
    bands: tuple[str, ...]
    withheld_when_unsafe: bool
    title: str
    why: str
    try_this_week: str
    prompt_kind: str
    prompt: str
    source: str


@dataclass(frozen=True)
class StrengthText:
    """How to build on a dimension that is going well, for some roles."""

    dimension: str
    roles: tuple[str, ...]
    text: str
    withheld_when_unsafe: bool
    source: str


@dataclass(frozen=True)
class TextBlock:
    """A titled block of paragraphs (safety, self-harm, support)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Texts:
    """Everything in ``texts.yaml``."""

    meanings: Mapping[tuple[str, str], Mapping[str, str]]  # (dimension, role) -> band -> text
    composites: Mapping[str, Mapping[str, Mapping[str, str]]]  # id -> role -> band -> text
    safety: TextBlock
    self_harm: TextBlock
    support: TextBlock
    disclaimer: str


@dataclass(frozen=True)
class Content:
    """All report content."""

    steps: tuple[Step, ...]
    strengths: tuple[StrengthText, ...]
    texts: Texts


def _fail(where: str, problem: str) -> ContentError:
    return ContentError(f"{where}: {problem}")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{key}' must be non-empty text")
    names = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    if names - PLACEHOLDERS:
        raise _fail(where, f"'{key}' has unknown placeholder(s) {sorted(names - PLACEHOLDERS)}")
    return value.strip()


def _choices(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str
) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not set(value) <= set(allowed):
        raise _fail(where, f"'{key}' must be a non-empty list of {list(allowed)}, got {value!r}")
    return tuple(str(v) for v in value)


def _flag(raw: Mapping[str, Any], key: str, where: str, default: bool | None = None) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise _fail(where, f"'{key}' must be true or false")
    return value


def _keys(raw: Any, required: frozenset[str], optional: frozenset[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping")
    if missing := required - raw.keys():
        raise _fail(where, f"missing {sorted(missing)}")
    if extra := raw.keys() - required - optional:
        raise _fail(where, f"unknown key(s) {sorted(extra)}")


def _step(raw: Any, where: str, source: str) -> Step:
    _keys(raw, STEP_KEYS, frozenset(), where)
    bands = load_rules().band_names
    return Step(
        id=_text(raw, "id", where),
        dimension=_text(raw, "dimension", where),
        roles=_choices(raw, "roles", ROLES, where),
        bands=_choices(raw, "bands", bands, where),
        withheld_when_unsafe=_flag(raw, "withheld_when_unsafe", where),
        title=_text(raw, "title", where),
        why=_text(raw, "why", where),
        try_this_week=_text(raw, "try_this_week", where),
        prompt_kind=_text(raw, "prompt_kind", where),
        prompt=_text(raw, "prompt", where),
        source=source,
    )


def _strength(raw: Any, where: str, source: str) -> StrengthText:
    _keys(raw, STRENGTH_KEYS, STRENGTH_OPTIONAL, where)
    return StrengthText(
        dimension=_text(raw, "dimension", where),
        roles=_choices(raw, "roles", ROLES, where),
        text=_text(raw, "text", where),
        withheld_when_unsafe=_flag(raw, "withheld_when_unsafe", where, False),
        source=source,
    )


def _read_yaml(path: Path, label: str) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise _fail(label, f"is not valid YAML (line {line}: {exc.problem})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _fail(label, f"cannot be read ({str(exc).splitlines()[0]})") from None


def _list(doc: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise _fail(where, f"'{key}' must be a list")
    return value


def load_steps(folder: Path) -> tuple[tuple[Step, ...], tuple[StrengthText, ...]]:
    """Every step and strength text in ``folder/*.yaml``; step ids unique across files."""
    steps: list[Step] = []
    strengths: list[StrengthText] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise _fail(str(folder), "no step files")
    for path in files:
        name = f"steps/{path.name}"
        doc = _read_yaml(path, name)
        if not isinstance(doc, dict) or not doc.keys() <= {"steps", "strengths"}:
            raise _fail(name, "must be a mapping with 'steps' and/or 'strengths'")
        for i, raw in enumerate(_list(doc, "steps", name)):
            label = raw.get("id", "?") if isinstance(raw, dict) else "?"
            steps.append(_step(raw, f"{name}: steps[{i}] (id {label})", name))
        for i, raw in enumerate(_list(doc, "strengths", name)):
            strengths.append(_strength(raw, f"{name}: strengths[{i}]", name))
    seen: dict[str, str] = {}
    for step in steps:
        if step.id in seen:
            raise _fail(step.source, f"step id {step.id!r} already used in {seen[step.id]}")
        seen[step.id] = step.source
    return tuple(steps), tuple(strengths)


def _block(doc: Mapping[str, Any], title: str, paras: str, where: str) -> TextBlock:
    value = doc.get(paras)
    if not isinstance(value, list) or not value:
        raise _fail(where, f"'{paras}' must be a non-empty list of paragraphs")
    items = [_text({paras: p}, paras, f"{where}: {paras}[{i}]") for i, p in enumerate(value)]
    return TextBlock(_text(doc, title, where), tuple(items))


def _meanings(doc: Mapping[str, Any], where: str) -> dict[tuple[str, str], Mapping[str, str]]:
    bands = load_rules().band_names
    out: dict[tuple[str, str], Mapping[str, str]] = {}
    for i, raw in enumerate(_list(doc, "meanings", where)):
        at = f"{where}: meanings[{i}]"
        _keys(raw, frozenset({"dimension", "roles", *bands}), frozenset(), at)
        dim = _text(raw, "dimension", at)
        for role in _choices(raw, "roles", ROLES, at):
            if (dim, role) in out:
                raise _fail(at, f"second meaning for {dim!r} and role {role!r}")
            out[dim, role] = {b: _text(raw, b, at) for b in bands}
    return out


def _composites(doc: Mapping[str, Any], where: str) -> dict[str, dict[str, dict[str, str]]]:
    rules = load_rules()
    raw: Any = doc.get("composites")
    _keys(raw, frozenset(rules.composites), frozenset(), f"{where}: composites")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for comp in rules.composites:
        at = f"{where}: composites.{comp}"
        _keys(raw[comp], frozenset(ROLES), frozenset(), at)
        out[comp] = {}
        for role in ROLES:
            _keys(raw[comp][role], frozenset(rules.band_names), frozenset(), f"{at}.{role}")
            out[comp][role] = {
                b: _text(raw[comp][role], b, f"{at}.{role}") for b in rules.band_names
            }
    return out


def load_texts(path: Path) -> Texts:
    """Validated ``texts.yaml``."""
    where = path.name
    doc = _read_yaml(path, where)
    top = frozenset({"meanings", "composites", "safety", "support", "disclaimer"})
    _keys(doc, top, frozenset(), where)
    safety_keys = frozenset({"title", "paragraphs", "self_harm_title", "self_harm_paragraphs"})
    _keys(doc["safety"], safety_keys, frozenset(), f"{where}: safety")
    _keys(doc["support"], frozenset({"title", "paragraphs"}), frozenset(), f"{where}: support")
    return Texts(
        meanings=_meanings(doc, where),
        composites=_composites(doc, where),
        safety=_block(doc["safety"], "title", "paragraphs", f"{where}: safety"),
        self_harm=_block(
            doc["safety"], "self_harm_title", "self_harm_paragraphs", f"{where}: safety"
        ),
        support=_block(doc["support"], "title", "paragraphs", f"{where}: support"),
        disclaimer=_text(doc, "disclaimer", where),
    )


@lru_cache(maxsize=4)
def load_content(folder: Path = DATA_DIR) -> Content:
    """Steps, strengths and texts from ``folder``, read and validated once."""
    steps, strengths = load_steps(folder / "steps")
    return Content(steps, strengths, load_texts(folder / "texts.yaml"))


def check_against_bank(content: Content, bank: Bank) -> None:
    """Every dimension and role named in the content is one the bank scores for that role."""
    for where, dim, roles in (
        *((f"{s.source}: step {s.id}", s.dimension, s.roles) for s in content.steps),
        *(
            (f"{s.source}: strength for {s.dimension}", s.dimension, s.roles)
            for s in content.strengths
        ),
        *((f"texts.yaml: meaning for {d}", d, (r,)) for d, r in content.texts.meanings),
    ):
        known = bank.dimension_by_id.get(dim)
        if known is None or known.kind == "safety":
            raise _fail(where, f"unknown dimension {dim!r}")
        if not set(roles) <= set(known.roles):
            raise _fail(where, f"role(s) {sorted(set(roles) - set(known.roles))} not asked {dim!r}")


def missing_meanings(content: Content, bank: Bank) -> list[tuple[str, str]]:
    """(dimension, role) pairs the bank scores but ``texts.yaml`` has no meaning for."""
    return [
        (d.id, role)
        for d in bank.dimensions
        if d.kind != "safety"
        for role in d.roles
        if (d.id, role) not in content.texts.meanings
    ]
