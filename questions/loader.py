"""Load and validate the question bank once per locale.

``bank.yaml`` holds the structure of scales, sections and dimensions; ``items/*.yaml`` hold
the items; every word comes from the locale's ``bank*.po`` files (see :mod:`questions.words`). Any
problem stops loading with a :class:`BankError` naming the file and the item (or the
catalogue id), so a broken bank is never half-used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from locales import DEFAULT_LOCALE
from locales.catalogue import LOCALES_DIR
from questions.checks import ID_PATTERN, check_item_counts, check_perspective, parse_forms
from questions.errors import BankError
from questions.history import HISTORY_FILE, parse_history
from questions.loader_items import (
    entry_of,
    non_empty_list,
    parse_items,
    roles_of,
    text_of,
    word,
    worded_for,
)
from questions.loader_yaml import read_yaml
from questions.model import (
    FULL_FORM,
    KINDS,
    RELATIONSHIPS,
    ROLES,
    Bank,
    Dimension,
    Relationship,
    Scale,
    Section,
    with_forms,
)
from questions.words import (
    DOES_NOT_APPLY_ID,
    Words,
    catalogue_for,
    dimension_id,
    label_id,
    scale_id,
    section_id,
    words_file,
)

DATA_DIR = Path(__file__).parent / "data"
__all__ = ["DATA_DIR", "BankError", "load_bank", "load_bank_from", "read_yaml"]


def _parse_choices(sid: str, raw: Any, file: Path, words: Words) -> Scale:
    """A scale of labelled choices: points 1..n, words ``bank.scale.<scale>.<choice>``."""
    where = f"scale '{sid}' choices"
    choices = non_empty_list(raw, file, where)
    if len(choices) < 2 or len(set(choices)) != len(choices):
        raise BankError(file, where, "must list at least two different choice ids")
    if not all(isinstance(c, str) and ID_PATTERN.match(c) for c in choices):
        raise BankError(file, where, "choice ids must be lower-case letters, digits and _")
    labels = {p: word(words, scale_id(sid, c)) for p, c in enumerate(choices, start=1)}
    return Scale(id=sid, min=1, max=len(choices), labels=labels, choices=tuple(choices))


def _parse_scale(sid: str, raw: Any, file: Path, words: Words) -> Scale:
    where = f"scale '{sid}'"
    entry = entry_of(raw, "scale", file, where)
    if "choices" in entry:
        if "min" in entry or "max" in entry:
            raise BankError(file, where, "a scale of choices has no min or max (they are 1..n)")
        return _parse_choices(sid, entry["choices"], file, words)
    lo, hi = entry.get("min"), entry.get("max")
    if not (isinstance(lo, int) and isinstance(hi, int)) or lo >= hi:
        raise BankError(file, where, "min and max must be whole numbers with min < max")
    labels = {p: word(words, scale_id(sid, p)) for p in range(lo, hi + 1)}
    return Scale(id=sid, min=lo, max=hi, labels=labels)


def _parse_sections(
    raw: Any, scales: Mapping[str, Scale], file: Path, words: Words
) -> tuple[Section, ...]:
    sections: dict[str, Section] = {}
    for entry in non_empty_list(raw, file, "sections"):
        sid = text_of(entry.get("id") if isinstance(entry, dict) else None, file, "sections", "id")
        where = f"section '{sid}'"
        entry = entry_of(entry, "section", file, where)
        if sid in sections:
            raise BankError(file, where, "duplicate section id")
        if entry.get("scale") not in scales or scales[entry["scale"]].choices:
            raise BankError(file, where, f"unknown or non-ordinal scale {entry.get('scale')!r}")
        own = worded_for(entry, ROLES, file, where)
        sections[sid] = Section(
            id=sid,
            title=word(words, section_id(sid, "title")),
            intro=word(words, section_id(sid, "intro")),
            scale=scales[entry["scale"]],
            intro_by_role={r: word(words, section_id(sid, "intro", r)) for r in own},
        )
    return tuple(sections.values())


def _parse_dimension(
    entry: Any, sections: set[str], scales: Mapping[str, Scale], file: Path, words: Words
) -> Dimension:
    did = text_of(entry.get("id") if isinstance(entry, dict) else None, file, "dimensions", "id")
    where = f"dimension '{did}'"
    entry = entry_of(entry, "dimension", file, where)
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
        name=word(words, dimension_id(did, "name")),
        kind=entry["kind"],
        section=entry["section"],
        roles=roles_of(entry.get("roles"), ROLES, file, f"{where} roles"),
        description=word(words, dimension_id(did, "description")),
        scale=entry.get("scale"),
        perspective_of=entry.get("perspective_of"),
    )


def _parse_dimensions(
    raw: Any, sections: tuple[Section, ...], scales: Mapping[str, Scale], file: Path, words: Words
) -> dict[str, Dimension]:
    dims: dict[str, Dimension] = {}
    for entry in non_empty_list(raw, file, "dimensions"):
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
    roles: dict[str, str] = {r: word(words, label_id("role", r)) for r in ROLES}
    relationships = {
        r: Relationship(r, word(words, label_id("relationship", r))) for r in RELATIONSHIPS
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
    version = text_of(raw.get("version"), main, "version", "version")
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
        items=parse_items(item_files, dims, ({s.id: s for s in sections}, scales), words),
    )
    check_item_counts(bank, main)
    bank = _with_history(bank, data_dir / HISTORY_FILE, words)
    forms = parse_forms(raw.get("forms"), bank, main)
    bank = replace(bank, forms=forms, all_item_ids=frozenset(bank.item_by_id))
    if any(i.does_not_apply for i in bank.items):
        bank = replace(bank, does_not_apply=word(words, DOES_NOT_APPLY_ID))
    words.check_unused()
    return with_forms(bank)


def _with_history(bank: Bank, file: Path, words: Words) -> Bank:
    """The bank with its earlier versions (``history.yaml``, optional)."""
    raw = read_yaml(file) if file.exists() else None
    earlier = parse_history(raw, bank.dimension_by_id, lambda i: word(words, i), file)
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
