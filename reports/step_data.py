"""Steps and strengths as data (``data/steps/*.yaml``), with their words from the catalogue.

A step belongs to a dimension (chosen when that dimension's band needs help) or to a path
(chosen by the person's context, e.g. ``ending``: see ``data/context_effects.yaml``). Each
names what it asks of the person towards the other person (``asks``: contact, openness,
trust, the vocabulary of ``data/flag_effects.yaml``), so a flag or a context can withhold it,
and optionally the relationship types it is written for (default: all of them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from questions import RELATIONSHIPS, ROLES
from reports import yaml_checks as check
from reports.ids import step_word_id, strength_id
from reports.words import Words
from scoring.rules import load_rules

STEP_KEYS = frozenset({"id", "dimension", "roles", "bands", "asks", "prompt_kind"})
PATH_KEYS = frozenset({"id", "path", "roles", "asks", "prompt_kind"})
OPTIONAL = frozenset({"relationships"})
STEP_WORDS = ("title", "why", "try_this_week", "prompt")
STRENGTH_KEYS = frozenset({"id", "dimension", "roles", "asks"})


@dataclass(frozen=True)
class Step:
    """One suggested step for a dimension (or a path), role and band; words in the content's
    locale (the neutral wording: :meth:`Content.text` gives a relationship's variant)."""

    id: str
    dimension: str  # empty for a path step
    roles: tuple[str, ...]
    bands: tuple[str, ...]  # empty for a path step
    asks: frozenset[str]
    title: str
    why: str
    try_this_week: str
    prompt_kind: str
    prompt: str
    source: str
    relationships: tuple[str, ...] = RELATIONSHIPS
    path: str = ""  # the context path it belongs to; empty for a dimension's step

    @property
    def withheld_when_unsafe(self) -> bool:
        """Kept for older callers: the step asks something of the person towards the other."""
        return bool(self.asks)

    def fits(self, role: str, relationship: str, withheld: frozenset[str]) -> bool:
        """For this role and relationship type, and asking nothing that is withheld."""
        return (
            role in self.roles and relationship in self.relationships and not (self.asks & withheld)
        )


@dataclass(frozen=True)
class StrengthText:
    """How to build on a dimension that is going well, for some roles."""

    id: str
    dimension: str
    roles: tuple[str, ...]
    text: str
    asks: frozenset[str]
    source: str
    relationships: tuple[str, ...] = RELATIONSHIPS

    @property
    def withheld_when_unsafe(self) -> bool:
        return bool(self.asks)

    def fits(self, role: str, relationship: str, withheld: frozenset[str]) -> bool:
        return (
            role in self.roles and relationship in self.relationships and not (self.asks & withheld)
        )


@dataclass(frozen=True)
class Vocabulary:
    """What a loader checks names against: prompt kinds, asks, paths."""

    prompts: tuple[str, ...]
    asks: tuple[str, ...]
    paths: tuple[str, ...]


def _one_of(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = raw.get(key)
    if value not in allowed:
        raise check.fail(where, f"'{key}' must be one of {list(allowed)}, got {value!r}")
    return str(value)


def _asks(raw: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> frozenset[str]:
    value = raw.get("asks")
    if not isinstance(value, list) or not set(value) <= set(allowed):
        raise check.fail(where, f"'asks' must be a list of {list(allowed)} (may be empty)")
    return frozenset(str(v) for v in value)


def _relationships(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    if "relationships" not in raw:
        return RELATIONSHIPS
    return check.choices(raw, "relationships", RELATIONSHIPS, where)


def _step(
    raw: Any, where: str, source: str, words: Words, vocab: Vocabulary, is_path: bool
) -> Step:
    check.keys(raw, PATH_KEYS if is_path else STEP_KEYS, OPTIONAL, where)
    step_id = check.name(raw, "id", where)
    said = {w: words.need(step_word_id(step_id, w), where) for w in STEP_WORDS}
    return Step(
        id=step_id,
        dimension="" if is_path else check.name(raw, "dimension", where),
        roles=check.choices(raw, "roles", ROLES, where),
        bands=() if is_path else check.choices(raw, "bands", load_rules().band_names, where),
        asks=_asks(raw, where, vocab.asks),
        prompt_kind=_one_of(raw, "prompt_kind", vocab.prompts, where),
        source=source,
        relationships=_relationships(raw, where),
        path=_one_of(raw, "path", vocab.paths, where) if is_path else "",
        **said,
    )


def _strength(raw: Any, where: str, source: str, words: Words, vocab: Vocabulary) -> StrengthText:
    check.keys(raw, STRENGTH_KEYS, OPTIONAL, where)
    sid = check.name(raw, "id", where)
    return StrengthText(
        id=sid,
        dimension=check.name(raw, "dimension", where),
        roles=check.choices(raw, "roles", ROLES, where),
        text=words.need(strength_id(sid), where),
        asks=_asks(raw, where, vocab.asks),
        source=source,
        relationships=_relationships(raw, where),
    )


def _unique(entries: Iterator[tuple[str, str, str]]) -> None:
    seen: dict[str, str] = {}
    for kind, entry_id, source in entries:
        if entry_id in seen:
            raise check.fail(source, f"{kind} id {entry_id!r} already used in {seen[entry_id]}")
        seen[entry_id] = source


def _label(raw: Any) -> Any:
    return raw.get("id", "?") if isinstance(raw, dict) else "?"


def load_steps(
    folder: Path, words: Words, vocab: Vocabulary
) -> tuple[tuple[Step, ...], tuple[Step, ...], tuple[StrengthText, ...]]:
    """Every dimension step, path step and strength in ``folder/*.yaml``; ids unique."""
    steps: list[Step] = []
    paths: list[Step] = []
    strengths: list[StrengthText] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise check.fail(str(folder), "no step files")
    for path in files:
        name = f"steps/{path.name}"
        doc = check.read_yaml(path, name)
        if not isinstance(doc, dict) or not doc.keys() <= {"steps", "paths", "strengths"}:
            raise check.fail(name, "must be a mapping with 'steps', 'paths' and/or 'strengths'")
        for key, into in (("steps", steps), ("paths", paths)):
            for i, raw in enumerate(check.entries(doc, key, name)):
                where = f"{name}: {key}[{i}] (id {_label(raw)})"
                into.append(_step(raw, where, name, words, vocab, key == "paths"))
        for i, raw in enumerate(check.entries(doc, "strengths", name)):
            strengths.append(_strength(raw, f"{name}: strengths[{i}]", name, words, vocab))
    _unique(("step", s.id, s.source) for s in (*steps, *paths))
    _unique(("strength", s.id, s.source) for s in strengths)
    return tuple(steps), tuple(paths), tuple(strengths)
