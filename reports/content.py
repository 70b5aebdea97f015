"""The report's content: its structure as data (``data/steps/*.yaml``, ``data/texts.yaml``)
and its words from the message catalogue (``locales/<locale>/report.po``).

The YAML says which steps, strengths, meanings and text blocks exist and when they apply; the
catalogue holds their words by stable id (:mod:`reports.ids` builds those ids). Loaded
once per locale and validated strictly: a malformed entry or a missing word raises
:class:`ContentError` naming the file and the entry or id. Content is not user data, so
caching it is safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from locales import DEFAULT_LOCALE, PSEUDO_LOCALE, Catalogue, catalogue
from questions import FULL_FORM, ROLES, Bank
from reports import yaml_checks as check
from reports.effects import Effects, load_effects
from reports.forms import load_forms
from reports.helplines import KINDS as LINE_KINDS
from reports.ids import (
    DOMAIN,
    block_word_id,
    composite_id,
    composite_label_id,
    form_note_id,
    kind_word_id,
    meaning_id,
    note_id,
    path_title_id,
    prompt_label_id,
    safe_composite_id,
    step_word_id,
    strength_id,
)
from reports.step_data import STEP_WORDS, Step, StrengthText, Vocabulary, load_steps
from reports.words import Words
from reports.yaml_checks import ContentError as ContentError
from scoring.rules import load_rules

__all__ = ["Content", "ContentError", "Step", "StrengthText", "TextBlock", "load_content"]

DATA_DIR = Path(__file__).with_name("data")
TEXT_KEYS = frozenset({"meanings", "blocks", "country_lines", "prompt_kinds", "date_locales"})
ALWAYS_SHOWN = ("support",)
KIND_WORDS = ("label", "title", "note")


@dataclass(frozen=True)
class TextBlock:
    """A titled block of paragraphs (safety, self-harm, crisis, support ...)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Texts:
    """The texts around the scores (structure from ``texts.yaml``, words from the catalogue)."""

    meanings: Mapping[tuple[str, str], Mapping[str, str]]  # (dimension, role) -> band -> text
    composites: Mapping[str, Mapping[str, Mapping[str, str]]]  # id -> role -> band -> text
    text_blocks: Mapping[str, TextBlock]  # block -> its title and paragraphs
    disclaimer: str
    blocks: Mapping[str, tuple[str, ...]]  # block -> paragraph names, in order
    prompt_kinds: tuple[str, ...]
    date_locales: Mapping[str, str]  # catalogue locale -> Babel locale for dates
    country_lines: Mapping[tuple[str, str], str]  # (block, paragraph) -> kind of line replacing it

    @property
    def safety(self) -> TextBlock:
        return self.text_blocks["safety"]

    @property
    def self_harm(self) -> TextBlock:
        return self.text_blocks["self_harm"]

    @property
    def support(self) -> TextBlock:
        return self.text_blocks["support"]


@dataclass(frozen=True)
class Content:
    """All report content in one locale; :meth:`text` looks up any of its words."""

    steps: tuple[Step, ...]
    strengths: tuple[StrengthText, ...]
    texts: Texts
    words: Catalogue
    paths: tuple[Step, ...]  # steps chosen by context (``Step.path``), not by a score
    effects: Effects  # what each flag and context answer changes

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


def _block(doc: Mapping[str, Any], block: str, where: str, words: Words) -> TextBlock:
    parts = doc.get(block)
    at = f"{where}: blocks.{block}"
    if not isinstance(parts, list) or not parts:
        raise check.fail(at, "must be a non-empty list of paragraph names")
    paragraphs = [check.name({"paragraph": p}, "paragraph", at) for p in parts]
    title = words.need(block_word_id(block, "title"), at)
    return TextBlock(title, tuple(words.need(block_word_id(block, p), at) for p in paragraphs))


def _meanings(
    doc: Mapping[str, Any], where: str, words: Words
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


def _composites(words: Words) -> dict[str, dict[str, dict[str, str]]]:
    """Each composite's texts per role and band, plus its safe wording (as role ``safe``)."""
    rules = load_rules()
    where = "scoring/rules.yaml: composites"
    for comp in rules.composites:
        words.need(composite_label_id(comp), where)
    for kind in rules.kinds:
        for word in KIND_WORDS:
            words.need(kind_word_id(kind, word), "scoring/rules.yaml: kinds")
    return {
        comp: {
            **{
                role: {b: words.need(composite_id(comp, role, b), where) for b in rules.band_names}
                for role in ROLES
            },
            "safe": {b: words.need(safe_composite_id(comp, b), where) for b in rules.band_names},
        }
        for comp in rules.composites
    }


def _country_lines(
    doc: Mapping[str, Any], blocks: Mapping[str, tuple[str, ...]], where: str
) -> dict[tuple[str, str], str]:
    """``block.paragraph: kind``: the generic paragraph a country's lines of that kind replace."""
    table = doc.get("country_lines")
    at = f"{where}: country_lines"
    if not isinstance(table, dict):
        raise check.fail(at, "must map block.paragraph to a kind of line")
    out = {}
    for key, kind in table.items():
        block, _, paragraph = str(key).partition(".")
        if paragraph not in blocks.get(block, ()):
            raise check.fail(at, f"{key!r} is not a paragraph of a block")
        if kind not in LINE_KINDS:
            raise check.fail(f"{at}.{key}", f"must be one of {list(LINE_KINDS)}, got {kind!r}")
        out[block, paragraph] = str(kind)
    return out


def load_texts(path: Path, words: Words, effects: Effects) -> Texts:
    """Validated ``texts.yaml`` with its words; every block the effects show must exist."""
    where = path.name
    doc = check.read_yaml(path, where)
    check.keys(doc, TEXT_KEYS, frozenset(), where)
    raw_blocks = doc["blocks"]
    needed = frozenset({*ALWAYS_SHOWN, *effects.blocks()})
    others = frozenset(raw_blocks) if isinstance(raw_blocks, dict) else frozenset()
    check.keys(raw_blocks, needed, others, f"{where}: blocks")
    prompts = check.entries(doc, "prompt_kinds", where)
    at = f"{where}: prompt_kinds"
    for kind in prompts:
        words.need(prompt_label_id(check.name({"kind": kind}, "kind", at)), at)
    for note in sorted(effects.notes()):
        words.need(note_id(note), "flag_effects.yaml: notes")
    names = {b: tuple(raw_blocks[b]) for b in raw_blocks}
    return Texts(
        meanings=_meanings(doc, where, words),
        composites=_composites(words),
        text_blocks={b: _block(raw_blocks, b, where, words) for b in raw_blocks},
        disclaimer=words.need(f"{DOMAIN}.disclaimer", where),
        blocks=names,
        prompt_kinds=tuple(prompts),
        date_locales=_date_locales(doc, where),
        country_lines=_country_lines(doc, names, where),
    )


def _date_locales(doc: Mapping[str, Any], where: str) -> dict[str, str]:
    table = doc.get("date_locales")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise check.fail(where, "'date_locales' must map catalogue locales to Babel locales")
    return dict(table)


def read_content(folder: Path, words: Catalogue, file: str) -> Content:
    """Content from ``folder`` with the words of ``words`` (``file`` names it in errors)."""
    looker = Words(words, file)
    looker.check_variants()
    effects = load_effects(folder)
    texts = load_texts(folder / "texts.yaml", looker, effects)
    for path in effects.paths:
        looker.need(path_title_id(path), "context_effects.yaml: paths")
    for form in load_forms().values():
        if form.note:
            looker.need(form_note_id(form.note), f"forms.yaml: forms.{form.form}")
    vocab = Vocabulary(texts.prompt_kinds, effects.asks, effects.paths)
    steps, paths, strengths = load_steps(folder / "steps", looker, vocab)
    return Content(steps, strengths, texts, words, paths, effects)


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
    ids = {step_word_id(s.id, w) for s in (*content.steps, *content.paths) for w in STEP_WORDS}
    ids |= {strength_id(s.id) for s in content.strengths}
    ids |= {meaning_id(d, r, b) for (d, r) in texts.meanings for b in rules.band_names}
    ids |= {
        composite_id(c, r, b) for c in rules.composites for r in ROLES for b in rules.band_names
    }
    ids |= {safe_composite_id(c, b) for c in rules.composites for b in rules.band_names}
    ids |= {composite_label_id(c) for c in rules.composites}
    ids |= {note_id(n) for n in content.effects.notes()}
    ids |= {path_title_id(p) for p in content.effects.paths}
    ids |= {form_note_id(f.note) for f in load_forms().values() if f.note}
    ids |= {kind_word_id(k, w) for k in rules.kinds for w in KIND_WORDS}
    ids |= {prompt_label_id(k) for k in texts.prompt_kinds}
    ids |= {block_word_id(b, p) for b, parts in texts.blocks.items() for p in ("title", *parts)}
    return frozenset(ids | {f"{DOMAIN}.disclaimer"})


def _check_context(content: Content, bank: Bank) -> None:
    """Every context item and choice of context_effects.yaml is one the bank asks."""
    choices = {i.id: i.scale.choices for i in bank.context_items}
    for item, choice, _ in content.effects.context:
        where = f"context_effects.yaml: context.{item}"
        if item not in choices:
            raise check.fail(where, f"not a context item of the bank {sorted(choices)}")
        if choice not in choices[item]:
            raise check.fail(f"{where}.{choice}", f"not a choice of {item} {list(choices[item])}")


def check_against_bank(content: Content, bank: Bank) -> None:
    """Every dimension and role named in the content is one the bank scores for that role,
    and every context item and choice one the bank asks. A short form's bank (the pulse) is
    checked as its full form: the content covers every dimension, a pulse scores a few."""
    bank = bank.for_form(FULL_FORM)
    _check_context(content, bank)
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
