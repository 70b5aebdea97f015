"""The report's content: its structure as data (``data/steps/*.yaml``, ``data/texts.yaml``)
and its words from the message catalogue (``locales/<locale>/report.po``).

The YAML says which steps, strengths, meanings and text blocks exist and when they apply; the
catalogue holds their words by stable id (:mod:`reports.ids` builds those ids). Loaded
once per locale and validated strictly: a malformed entry or a missing word raises
:class:`ContentError` naming the file and the entry or id. Content is not user data, so
caching it is safe.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from locales import DEFAULT_LOCALE, PSEUDO_LOCALE, Catalogue, catalogue
from questions import RELATIONSHIPS, ROLES, Bank
from reports import yaml_checks as check
from reports.ids import (
    DOMAIN,
    block_word_id,
    composite_id,
    composite_label_id,
    kind_word_id,
    meaning_id,
    prompt_label_id,
    step_word_id,
    strength_id,
)
from reports.yaml_checks import ContentError as ContentError
from scoring.rules import load_rules

DATA_DIR = Path(__file__).with_name("data")
STEP_KEYS = frozenset({"id", "dimension", "roles", "bands", "withheld_when_unsafe", "prompt_kind"})
STEP_WORDS = ("title", "why", "try_this_week", "prompt")
STRENGTH_KEYS = frozenset({"id", "dimension", "roles"})
STRENGTH_OPTIONAL = frozenset({"withheld_when_unsafe"})
TEXT_KEYS = frozenset({"meanings", "blocks", "safety_blocks", "prompt_kinds", "date_locales"})
BLOCKS = ("safety", "self_harm", "support")
KIND_WORDS = ("label", "title", "note")


@dataclass(frozen=True)
class Step:
    """One suggested step for a dimension, role and band; words in the content's locale
    (the neutral wording: :meth:`Content.text` gives a relationship's variant)."""

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

    id: str
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
    """The texts around the scores (structure from ``texts.yaml``, words from the catalogue)."""

    meanings: Mapping[tuple[str, str], Mapping[str, str]]  # (dimension, role) -> band -> text
    composites: Mapping[str, Mapping[str, Mapping[str, str]]]  # id -> role -> band -> text
    safety: TextBlock
    self_harm: TextBlock
    support: TextBlock
    disclaimer: str
    blocks: Mapping[str, tuple[str, ...]]  # block -> paragraph names, in order
    prompt_kinds: tuple[str, ...]
    date_locales: Mapping[str, str]  # catalogue locale -> Babel locale for dates
    safety_blocks: tuple[tuple[TextBlock, str], ...]  # (block, flag showing it), in order


@dataclass(frozen=True)
class Content:
    """All report content in one locale; :meth:`text` looks up any of its words."""

    steps: tuple[Step, ...]
    strengths: tuple[StrengthText, ...]
    texts: Texts
    words: Catalogue

    @property
    def locale(self) -> str:
        return self.words.locale

    @property
    def date_locale(self) -> str:
        """The Babel locale dates are written in (qps-ploc: as English)."""
        table = self.texts.date_locales
        return table.get(self.locale, table.get(self.words.babel_locale, self.words.babel_locale))

    def text(self, message_id: str, /, variant: str | None = None, **params: Any) -> str:
        """A word of the catalogue (``variant``: a relationship type), fields filled."""
        return self.words.text(message_id, variant, **params)


class _Words:
    """Looks up the words data entries need, failing with the file, the id and the entry."""

    def __init__(self, words: Catalogue, file: str) -> None:
        self.words, self.file = words, file

    def need(self, message_id: str, where: str) -> str:
        if not self.words.has(message_id):
            raise ContentError(f"{self.file}: no message {message_id!r} (needed by {where})")
        text = self.words.text(message_id)
        if any(field is not None for _, field, _, _ in string.Formatter().parse(text)):
            raise ContentError(
                f"{self.file}: {message_id!r} has a {{field}}; wording for a relationship type "
                "is a variant (msgctxt), not a field"
            )
        return text

    def check_variants(self) -> None:
        """Variants are relationship types, and an id has all of them or none."""
        contexts: dict[str, set[str]] = {}
        for message_id, variant in self.words.messages:
            if variant is not None and message_id.startswith(f"{DOMAIN}."):
                contexts.setdefault(message_id, set()).add(variant)
        for message_id, found in sorted(contexts.items()):
            if unknown := found - set(RELATIONSHIPS):
                raise ContentError(
                    f"{self.file}: {message_id!r}: unknown msgctxt {sorted(unknown)}"
                )
            if missing := set(RELATIONSHIPS) - found:
                raise ContentError(f"{self.file}: {message_id!r}: no variant for {sorted(missing)}")


def _prompt_kind(raw: Mapping[str, Any], where: str, prompts: tuple[str, ...]) -> str:
    value = raw.get("prompt_kind")
    if value not in prompts:
        raise check.fail(
            where, f"'prompt_kind' must be one of {list(prompts)} (texts.yaml), got {value!r}"
        )
    return str(value)


def _step(raw: Any, where: str, source: str, words: _Words, prompts: tuple[str, ...]) -> Step:
    check.keys(raw, STEP_KEYS, frozenset(), where)
    step_id = check.name(raw, "id", where)
    said = {w: words.need(step_word_id(step_id, w), where) for w in STEP_WORDS}
    return Step(
        id=step_id,
        dimension=check.name(raw, "dimension", where),
        roles=check.choices(raw, "roles", ROLES, where),
        bands=check.choices(raw, "bands", load_rules().band_names, where),
        withheld_when_unsafe=check.flag(raw, "withheld_when_unsafe", where),
        prompt_kind=_prompt_kind(raw, where, prompts),
        source=source,
        **said,
    )


def _strength(raw: Any, where: str, source: str, words: _Words) -> StrengthText:
    check.keys(raw, STRENGTH_KEYS, STRENGTH_OPTIONAL, where)
    sid = check.name(raw, "id", where)
    return StrengthText(
        id=sid,
        dimension=check.name(raw, "dimension", where),
        roles=check.choices(raw, "roles", ROLES, where),
        text=words.need(strength_id(sid), where),
        withheld_when_unsafe=check.flag(raw, "withheld_when_unsafe", where, False),
        source=source,
    )


def _unique(entries: Iterator[tuple[str, str, str]]) -> None:
    seen: dict[str, str] = {}
    for kind, entry_id, source in entries:
        if entry_id in seen:
            raise check.fail(source, f"{kind} id {entry_id!r} already used in {seen[entry_id]}")
        seen[entry_id] = source


def load_steps(
    folder: Path, words: _Words, prompts: tuple[str, ...]
) -> tuple[tuple[Step, ...], tuple[StrengthText, ...]]:
    """Every step and strength in ``folder/*.yaml``; ids unique across files."""
    steps: list[Step] = []
    strengths: list[StrengthText] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise check.fail(str(folder), "no step files")
    for path in files:
        name = f"steps/{path.name}"
        doc = check.read_yaml(path, name)
        if not isinstance(doc, dict) or not doc.keys() <= {"steps", "strengths"}:
            raise check.fail(name, "must be a mapping with 'steps' and/or 'strengths'")
        for i, raw in enumerate(check.entries(doc, "steps", name)):
            label = raw.get("id", "?") if isinstance(raw, dict) else "?"
            steps.append(_step(raw, f"{name}: steps[{i}] (id {label})", name, words, prompts))
        for i, raw in enumerate(check.entries(doc, "strengths", name)):
            strengths.append(_strength(raw, f"{name}: strengths[{i}]", name, words))
    _unique(("step", s.id, s.source) for s in steps)
    _unique(("strength", s.id, s.source) for s in strengths)
    return tuple(steps), tuple(strengths)


def _block(doc: Mapping[str, Any], block: str, where: str, words: _Words) -> TextBlock:
    parts = doc.get(block)
    at = f"{where}: blocks.{block}"
    if not isinstance(parts, list) or not parts:
        raise check.fail(at, "must be a non-empty list of paragraph names")
    paragraphs = [check.name({"paragraph": p}, "paragraph", at) for p in parts]
    title = words.need(block_word_id(block, "title"), at)
    return TextBlock(title, tuple(words.need(block_word_id(block, p), at) for p in paragraphs))


def _meanings(
    doc: Mapping[str, Any], where: str, words: _Words
) -> dict[tuple[str, str], Mapping[str, str]]:
    raw = doc.get("meanings")
    if not isinstance(raw, dict) or not raw:
        raise check.fail(where, "'meanings' must map dimensions to their roles")
    out: dict[tuple[str, str], Mapping[str, str]] = {}
    for dim, roles in raw.items():
        at = f"{where}: meanings.{dim}"
        for role in check.choices({"roles": roles}, "roles", ROLES, at):
            out[dim, role] = {
                b: words.need(meaning_id(dim, role, b), at) for b in load_rules().band_names
            }
    return out


def _composites(words: _Words) -> dict[str, dict[str, dict[str, str]]]:
    rules = load_rules()
    where = "scoring/rules.yaml: composites"
    for comp in rules.composites:
        words.need(composite_label_id(comp), where)
    for kind in rules.kinds:
        for word in KIND_WORDS:
            words.need(kind_word_id(kind, word), "scoring/rules.yaml: kinds")
    return {
        comp: {
            role: {b: words.need(composite_id(comp, role, b), where) for b in rules.band_names}
            for role in ROLES
        }
        for comp in rules.composites
    }


def load_texts(path: Path, words: _Words) -> Texts:
    """Validated ``texts.yaml`` with its words."""
    where = path.name
    doc = check.read_yaml(path, where)
    check.keys(doc, TEXT_KEYS, frozenset(), where)
    check.keys(doc["blocks"], frozenset(BLOCKS), frozenset(), f"{where}: blocks")
    prompts = check.entries(doc, "prompt_kinds", where)
    at = f"{where}: prompt_kinds"
    for kind in prompts:
        words.need(prompt_label_id(check.name({"kind": kind}, "kind", at)), at)
    blocks = {b: _block(doc["blocks"], b, where, words) for b in BLOCKS}
    return Texts(
        meanings=_meanings(doc, where, words),
        composites=_composites(words),
        safety=blocks["safety"],
        self_harm=blocks["self_harm"],
        support=blocks["support"],
        disclaimer=words.need(f"{DOMAIN}.disclaimer", where),
        blocks={b: tuple(doc["blocks"][b]) for b in BLOCKS},
        prompt_kinds=tuple(prompts),
        date_locales=_date_locales(doc, where),
        safety_blocks=_safety_blocks(doc, blocks, where),
    )


def _safety_blocks(
    doc: Mapping[str, Any], blocks: Mapping[str, TextBlock], where: str
) -> tuple[tuple[TextBlock, str], ...]:
    """(block, flag) pairs: each block is shown, in this order, when its flag is raised."""
    table = doc.get("safety_blocks")
    flags = [f.name for f in load_rules().flags]
    at = f"{where}: safety_blocks"
    if not isinstance(table, dict) or not table:
        raise check.fail(at, "must map text blocks to the flag that shows them")
    for block, flag in table.items():
        if block not in blocks:
            raise check.fail(at, f"{block!r} is not one of the blocks {list(blocks)}")
        if flag not in flags:
            raise check.fail(f"{at}.{block}", f"{flag!r} is not a flag of rules.yaml {flags}")
    return tuple((blocks[b], str(f)) for b, f in table.items())


def _date_locales(doc: Mapping[str, Any], where: str) -> dict[str, str]:
    table = doc.get("date_locales")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise check.fail(where, "'date_locales' must map catalogue locales to Babel locales")
    return dict(table)


def read_content(folder: Path, words: Catalogue, file: str) -> Content:
    """Content from ``folder`` with the words of ``words`` (``file`` names it in errors)."""
    looker = _Words(words, file)
    looker.check_variants()
    texts = load_texts(folder / "texts.yaml", looker)
    steps, strengths = load_steps(folder / "steps", looker, texts.prompt_kinds)
    return Content(steps, strengths, texts, words)


def words_file(locale: str) -> str:
    """The catalogue file the report's words come from (qps-ploc is made from English)."""
    source = DEFAULT_LOCALE if locale == PSEUDO_LOCALE else locale
    return f"locales/{source}/{DOMAIN}.po"


@lru_cache(maxsize=8)
def load_content(locale: str = DEFAULT_LOCALE, folder: Path = DATA_DIR) -> Content:
    """The report content in ``locale``, read and validated once per locale."""
    return read_content(folder, catalogue(locale), words_file(locale))


def catalogue_ids(content: Content) -> frozenset[str]:
    """Every catalogue id the report builds from data (the ids written as literals in
    ``reports/*.py`` are found in the source by the completeness test)."""
    rules, texts = load_rules(), content.texts
    ids = {step_word_id(s.id, w) for s in content.steps for w in STEP_WORDS}
    ids |= {strength_id(s.id) for s in content.strengths}
    ids |= {meaning_id(d, r, b) for (d, r) in texts.meanings for b in rules.band_names}
    ids |= {
        composite_id(c, r, b) for c in rules.composites for r in ROLES for b in rules.band_names
    }
    ids |= {composite_label_id(c) for c in rules.composites}
    ids |= {kind_word_id(k, w) for k in rules.kinds for w in KIND_WORDS}
    ids |= {prompt_label_id(k) for k in texts.prompt_kinds}
    ids |= {block_word_id(b, p) for b, parts in texts.blocks.items() for p in ("title", *parts)}
    return frozenset(ids | {f"{DOMAIN}.disclaimer"})


def check_against_bank(content: Content, bank: Bank) -> None:
    """Every dimension and role named in the content is one the bank scores for that role."""
    scored = {d.id: d for d in bank.scored_dimensions}
    for where, dim, roles in (
        *((f"{s.source}: step {s.id}", s.dimension, s.roles) for s in content.steps),
        *((f"{s.source}: strength {s.id}", s.dimension, s.roles) for s in content.strengths),
        *((f"texts.yaml: meanings.{d}", d, (r,)) for d, r in content.texts.meanings),
    ):
        known = scored.get(dim)
        if known is None:
            raise check.fail(where, f"unknown dimension {dim!r}")
        if not set(roles) <= set(known.roles):
            raise check.fail(
                where, f"role(s) {sorted(set(roles) - set(known.roles))} not asked {dim!r}"
            )


def missing_meanings(content: Content, bank: Bank) -> list[tuple[str, str]]:
    """(dimension, role) pairs the bank scores but ``texts.yaml`` has no meaning for."""
    return [
        (d.id, role)
        for d in bank.scored_dimensions
        for role in d.roles
        if (d.id, role) not in content.texts.meanings
    ]
