"""Load and validate the question bank once per locale.

``bank.yaml`` holds the structure of scales, sections and dimensions; ``items/*.yaml`` hold
the items; every word comes from the locale's ``bank*.po`` files (see :mod:`questions.words`). Any
problem stops loading with a :class:`BankError` naming the file and the item (or the
catalogue id), so a broken bank is never half-used.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from locales import DEFAULT_LOCALE
from locales.catalogue import LOCALES_DIR
from questions.checks import (
    ID_PATTERN,
    check_item_counts,
    check_perspective,
    check_step,
    parse_forms,
)
from questions.errors import BankError
from questions.history import HISTORY_FILE, parse_history
from questions.model import (
    FULL_FORM,
    KINDS,
    RELATIONSHIPS,
    ROLES,
    SCORED_KINDS,
    AskIf,
    Bank,
    Dimension,
    Item,
    Relationship,
    Role,
    Scale,
    Section,
    with_forms,
)
from questions.words import (
    DOES_NOT_APPLY_ID,
    Words,
    catalogue_for,
    dimension_id,
    item_id,
    label_id,
    scale_id,
    section_id,
    words_file,
)

DATA_DIR = Path(__file__).parent / "data"
KEYS = {
    "scale": frozenset({"min", "max", "choices"}),
    "section": frozenset({"id", "scale", "worded_for"}),
    "dimension": frozenset({"id", "kind", "section", "roles", "scale", "perspective_of"}),
    "item": frozenset(
        {"id", "dimension", "reverse", "roles", "worded_for", "ask_if", "does_not_apply"}
    ),
}
"""The keys each entry may have; words are not among them (they live in bank*.po)."""

__all__ = ["DATA_DIR", "BankError", "load_bank", "load_bank_from"]


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse one YAML file into a mapping, or raise BankError naming the file and line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BankError(path, "file", f"cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise BankError(
            path, where, f"is not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    if not isinstance(data, dict):
        raise BankError(path, "file", "must hold a mapping at the top level")
    return data


def _text(value: Any, file: Path, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BankError(file, where, f"missing or empty {name}")
    return value.strip()


def _list(value: Any, file: Path, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise BankError(file, where, "must be a non-empty list")
    return value


def _roles(value: Any, allowed: tuple[str, ...], file: Path, where: str) -> tuple[Role, ...]:
    roles = _list(value, file, where)
    unknown = [r for r in roles if r not in allowed]
    if unknown:
        raise BankError(file, where, f"unknown role(s) {unknown}; allowed: {list(allowed)}")
    return tuple(roles)


def _entry(entry: Any, kind: str, file: Path, where: str) -> dict[str, Any]:
    """A mapping of known keys only: a word left in the YAML is an error, not ignored."""
    if not isinstance(entry, dict):
        raise BankError(file, where, "must be a mapping")
    unknown = sorted(set(entry) - KEYS[kind])
    if unknown:
        raise BankError(
            file, where, f"unknown key(s) {unknown}; words live in locales/<lang>/bank*.po"
        )
    return entry


def _worded_for(
    raw: dict[str, Any], allowed: tuple[str, ...], file: Path, where: str
) -> tuple[Role, ...]:
    """The optional roles asked in their own words."""
    if raw.get("worded_for") is None:
        return ()
    return _roles(raw["worded_for"], allowed, file, f"{where} worded_for")


def _word(words: Words, message_id: str) -> str:
    """A bank word: whole text, no format fields (nothing is spliced into bank words)."""
    text = words.text(message_id)
    _check_placeholders(text, words.file, f"id '{message_id}'")
    return text


def _parse_choices(sid: str, raw: Any, file: Path, words: Words) -> Scale:
    """A scale of labelled choices: points 1..n, words ``bank.scale.<scale>.<choice>``."""
    where = f"scale '{sid}' choices"
    choices = _list(raw, file, where)
    if len(choices) < 2 or len(set(choices)) != len(choices):
        raise BankError(file, where, "must list at least two different choice ids")
    if not all(isinstance(c, str) and ID_PATTERN.match(c) for c in choices):
        raise BankError(file, where, "choice ids must be lower-case letters, digits and _")
    labels = {p: _word(words, scale_id(sid, c)) for p, c in enumerate(choices, start=1)}
    return Scale(id=sid, min=1, max=len(choices), labels=labels, choices=tuple(choices))


def _parse_scale(sid: str, raw: Any, file: Path, words: Words) -> Scale:
    where = f"scale '{sid}'"
    entry = _entry(raw, "scale", file, where)
    if "choices" in entry:
        if "min" in entry or "max" in entry:
            raise BankError(file, where, "a scale of choices has no min or max (they are 1..n)")
        return _parse_choices(sid, entry["choices"], file, words)
    lo, hi = entry.get("min"), entry.get("max")
    if not (isinstance(lo, int) and isinstance(hi, int)) or lo >= hi:
        raise BankError(file, where, "min and max must be whole numbers with min < max")
    labels = {p: _word(words, scale_id(sid, p)) for p in range(lo, hi + 1)}
    return Scale(id=sid, min=lo, max=hi, labels=labels)


def _parse_sections(
    raw: Any, scales: Mapping[str, Scale], file: Path, words: Words
) -> tuple[Section, ...]:
    sections: dict[str, Section] = {}
    for entry in _list(raw, file, "sections"):
        sid = _text(entry.get("id") if isinstance(entry, dict) else None, file, "sections", "id")
        where = f"section '{sid}'"
        entry = _entry(entry, "section", file, where)
        if sid in sections:
            raise BankError(file, where, "duplicate section id")
        if entry.get("scale") not in scales or scales[entry["scale"]].choices:
            raise BankError(file, where, f"unknown or non-ordinal scale {entry.get('scale')!r}")
        own = _worded_for(entry, ROLES, file, where)
        sections[sid] = Section(
            id=sid,
            title=_word(words, section_id(sid, "title")),
            intro=_word(words, section_id(sid, "intro")),
            scale=scales[entry["scale"]],
            intro_by_role={r: _word(words, section_id(sid, "intro", r)) for r in own},
        )
    return tuple(sections.values())


def _parse_dimension(
    entry: Any, sections: set[str], scales: Mapping[str, Scale], file: Path, words: Words
) -> Dimension:
    did = _text(entry.get("id") if isinstance(entry, dict) else None, file, "dimensions", "id")
    where = f"dimension '{did}'"
    entry = _entry(entry, "dimension", file, where)
    if not ID_PATTERN.match(did):
        raise BankError(file, where, "id must be lower-case letters, digits and _")
    if entry.get("kind") not in KINDS:
        raise BankError(file, where, f"kind must be one of {list(KINDS)}")
    if entry.get("section") not in sections:
        raise BankError(file, where, f"unknown section {entry.get('section')!r}")
    if "scale" in entry and entry["scale"] not in scales:
        raise BankError(file, where, f"unknown scale {entry['scale']!r}")
    choices = bool(scales[entry["scale"]].choices) if "scale" in entry else False
    if (entry["kind"] == "context") != choices:
        raise BankError(
            file, where, "a context dimension (and only one) names a scale of choices (`scale:`)"
        )
    return Dimension(
        id=did,
        name=_word(words, dimension_id(did, "name")),
        kind=entry["kind"],
        section=entry["section"],
        roles=_roles(entry.get("roles"), ROLES, file, f"{where} roles"),
        description=_word(words, dimension_id(did, "description")),
        scale=entry.get("scale"),
        perspective_of=entry.get("perspective_of"),
    )


def _check_placeholders(text: str, file: Path | str, where: str) -> None:
    """Bank words are whole texts: nothing is spliced into them, so no format fields."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise BankError(file, where, "has an unmatched { or } in its text") from None
    if names:
        raise BankError(file, where, f"unknown placeholder(s) {sorted(names)} in text")


def _item_wordings(
    words: Words, iid: str, roles: tuple[Role, ...], own: tuple[Role, ...]
) -> dict[tuple[str, str | None], str]:
    """(role, relationship or None) -> sentence, for every role asked."""
    wordings: dict[tuple[str, str | None], str] = {}
    for role in roles:
        message_id = item_id(iid, role if role in own else None)
        for relationship, text in words.variants(message_id).items():
            _check_placeholders(text, words.file, f"id '{message_id}'")
            wordings[role, relationship] = text
    return wordings


def _flag(entry: dict[str, Any], key: str, file: Path, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise BankError(file, where, f"{key} must be true or false")
    return value


def _ask_if(raw: Any, file: Path, where: str) -> AskIf | None:
    """``ask_if: {item: <earlier item>, above: <point>}`` (checked against the bank later)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"item", "above"}:
        raise BankError(file, f"{where} ask_if", "must be a mapping with exactly item and above")
    if not isinstance(raw["item"], str) or not isinstance(raw["above"], int):
        raise BankError(file, f"{where} ask_if", "item must be an item id, above a whole number")
    return AskIf(item=raw["item"], above=raw["above"])


def _parse_item(
    entry: Any,
    dims: Mapping[str, Dimension],
    bank_parts: tuple[Mapping[str, Section], Mapping[str, Scale]],
    file: Path,
    words: Words,
) -> Item:
    iid = _text(entry.get("id") if isinstance(entry, dict) else None, file, "items", "id")
    where = f"item '{iid}'"
    entry = _entry(entry, "item", file, where)
    if not ID_PATTERN.match(iid):
        raise BankError(file, where, "id must be lower-case letters, digits and _")
    dim = dims.get(entry.get("dimension"))
    if dim is None:
        raise BankError(file, where, f"unknown dimension {entry.get('dimension')!r}")
    reverse = _flag(entry, "reverse", file, where)
    if reverse and dim.kind not in SCORED_KINDS:
        raise BankError(file, where, "reverse must be false for unscored (safety, context) items")
    roles = _roles(entry.get("roles", list(dim.roles)), dim.roles, file, f"{where} roles")
    own = _worded_for(entry, roles, file, where)
    sections, scales = bank_parts
    return Item(
        id=iid,
        dimension=dim.id,
        text=_word(words, item_id(iid)),
        reverse=reverse,
        roles=roles,
        scale=scales[dim.scale] if dim.scale else sections[dim.section].scale,
        worded_for=own,
        wordings=_item_wordings(words, iid, roles, own),
        ask_if=_ask_if(entry.get("ask_if"), file, where),
        does_not_apply=_flag(entry, "does_not_apply", file, where),
    )


def _parse_items(
    files: list[Path],
    dims: Mapping[str, Dimension],
    bank_parts: tuple[Mapping[str, Section], Mapping[str, Scale]],
    words: Words,
) -> tuple[Item, ...]:
    items: dict[str, Item] = {}
    origin: dict[str, Path] = {}
    for path in files:
        for entry in _list(read_yaml(path).get("items"), path, "items"):
            item = _parse_item(entry, dims, bank_parts, path, words)
            if item.id in items:
                raise BankError(
                    path, f"item '{item.id}'", f"duplicate id (also in {origin[item.id]})"
                )
            check_step(item, items, path)
            items[item.id], origin[item.id] = item, path
    return tuple(items.values())


def _parse_dimensions(
    raw: Any, sections: tuple[Section, ...], scales: Mapping[str, Scale], file: Path, words: Words
) -> dict[str, Dimension]:
    dims: dict[str, Dimension] = {}
    for entry in _list(raw, file, "dimensions"):
        dim = _parse_dimension(entry, {s.id for s in sections}, scales, file, words)
        if dim.id in dims:
            raise BankError(file, f"dimension '{dim.id}'", "duplicate dimension id")
        dims[dim.id] = dim
    for dim in dims.values():
        check_perspective(dim, dims, file)
    return dims


def _parse_people(
    raw: dict[str, Any], file: Path, words: Words
) -> tuple[dict[str, str], dict[str, Relationship]]:
    """Role labels and relationship types with their labels."""
    for key, known in (("roles", ROLES), ("relationships", RELATIONSHIPS)):
        listed = raw.get(key)
        if not isinstance(listed, list) or sorted(listed) != sorted(known):
            raise BankError(file, key, f"must list exactly {list(known)}")
    roles: dict[str, str] = {r: _word(words, label_id("role", r)) for r in ROLES}
    relationships = {
        r: Relationship(r, _word(words, label_id("relationship", r))) for r in RELATIONSHIPS
    }
    return roles, relationships


def load_bank_from(
    data_dir: Path, locale: str = DEFAULT_LOCALE, locales_dir: Path | None = None
) -> Bank:
    """Load and validate the bank in ``data_dir`` (``bank.yaml`` plus ``items/*.yaml``) with
    the words of ``locale`` (from ``locales_dir``, by default the project's catalogue)."""
    main = data_dir / "bank.yaml"
    raw = read_yaml(main)
    words = Words(
        catalogue_for(locale, locales_dir), words_file(locale, locales_dir or LOCALES_DIR)
    )
    version = _text(raw.get("version"), main, "version", "version")
    scales_raw = raw.get("scales")
    if not isinstance(scales_raw, dict) or not scales_raw:
        raise BankError(main, "scales", "must be a non-empty mapping")
    scales = {sid: _parse_scale(sid, s, main, words) for sid, s in scales_raw.items()}
    sections = _parse_sections(raw.get("sections"), scales, main, words)
    dims = _parse_dimensions(raw.get("dimensions"), sections, scales, main, words)
    roles, relationships = _parse_people(raw, main, words)
    item_files = sorted((data_dir / "items").glob("*.yaml"))
    if not item_files:
        raise BankError(data_dir / "items", "folder", "holds no *.yaml item files")
    bank = Bank(
        version=version,
        locale=locale,
        roles=roles,
        relationships=relationships,
        scales=scales,
        sections=sections,
        dimensions=tuple(dims.values()),
        items=_parse_items(item_files, dims, ({s.id: s for s in sections}, scales), words),
    )
    check_item_counts(bank, main)
    bank = _with_history(bank, data_dir / HISTORY_FILE, words)
    forms = parse_forms(raw.get("forms"), bank, main)
    bank = replace(bank, forms=forms, all_item_ids=frozenset(bank.item_by_id))
    if any(i.does_not_apply for i in bank.items):
        bank = replace(bank, does_not_apply=_word(words, DOES_NOT_APPLY_ID))
    words.check_unused()
    return with_forms(bank)


def _with_history(bank: Bank, file: Path, words: Words) -> Bank:
    """The bank with its earlier versions (``history.yaml``, optional)."""
    raw = read_yaml(file) if file.exists() else None
    earlier = parse_history(raw, bank.dimension_by_id, lambda i: _word(words, i), file)
    if bank.version in earlier:
        raise BankError(file, f"versions.{bank.version}", "is today's version (bank.yaml)")
    return replace(bank, earlier=earlier)


def load_bank(locale: str = DEFAULT_LOCALE, form: str = FULL_FORM) -> Bank:
    """The project's bank in ``locale`` (of one form: ``full``, ``pulse``), loaded and
    validated once per process and locale (it is not user data). UnknownLocale for a locale
    with no catalogue; KeyError for an unknown form (:data:`questions.FORMS` lists them)."""
    return _cached_bank(locale).for_form(form)


@lru_cache(maxsize=8)
def _cached_bank(locale: str) -> Bank:
    return load_bank_from(DATA_DIR, locale)
