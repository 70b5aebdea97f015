"""Entries of the bank's YAML and its items: the shared checks and the item parser.

Split from :mod:`questions.loader` (which parses scales, sections and dimensions and puts the
bank together): every check names the file and the entry, so a broken bank is never half-used.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from questions.checks import ID_PATTERN, check_step
from questions.errors import BankError
from questions.loader_yaml import read_yaml
from questions.model import SCORED_KINDS, AskIf, Dimension, Item, Role, Scale, Section
from questions.words import Words, item_id

KEYS = {
    "scale": frozenset({"min", "max", "choices"}),
    "section": frozenset({"id", "scale", "worded_for"}),
    "dimension": frozenset({"id", "kind", "section", "roles", "scale", "perspective_of"}),
    "item": frozenset(
        {"id", "dimension", "reverse", "roles", "worded_for", "ask_if", "does_not_apply"}
    ),
}
"""The keys each entry may have; words are not among them (they live in bank*.po)."""


def text_of(value: Any, file: Path, where: str, name: str) -> str:
    """Non-empty text, stripped; BankError naming ``name`` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise BankError(file, where, f"missing or empty {name}")
    return value.strip()


def non_empty_list(value: Any, file: Path, where: str) -> list[Any]:
    """A non-empty list; BankError otherwise."""
    if not isinstance(value, list) or not value:
        raise BankError(file, where, "must be a non-empty list")
    return value


def roles_of(value: Any, allowed: tuple[str, ...], file: Path, where: str) -> tuple[Role, ...]:
    roles = non_empty_list(value, file, where)
    unknown = [r for r in roles if r not in allowed]
    if unknown:
        raise BankError(file, where, f"unknown role(s) {unknown}; allowed: {list(allowed)}")
    return tuple(roles)


def entry_of(entry: Any, kind: str, file: Path, where: str) -> dict[str, Any]:
    """A mapping of known keys only: a word left in the YAML is an error, not ignored."""
    if not isinstance(entry, dict):
        raise BankError(file, where, "must be a mapping")
    unknown = sorted(set(entry) - KEYS[kind])
    if unknown:
        raise BankError(
            file, where, f"unknown key(s) {unknown}; words live in locales/<lang>/bank*.po"
        )
    return entry


def worded_for(
    raw: dict[str, Any], allowed: tuple[str, ...], file: Path, where: str
) -> tuple[Role, ...]:
    """The optional roles asked in their own words."""
    if raw.get("worded_for") is None:
        return ()
    return roles_of(raw["worded_for"], allowed, file, f"{where} worded_for")


def word(words: Words, message_id: str) -> str:
    """A bank word: whole text, no format fields (nothing is spliced into bank words)."""
    text = words.text(message_id)
    check_placeholders(text, words.file, f"id '{message_id}'")
    return text


def check_placeholders(text: str, file: Path | str, where: str) -> None:
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
            check_placeholders(text, words.file, f"id '{message_id}'")
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
    iid = text_of(entry.get("id") if isinstance(entry, dict) else None, file, "items", "id")
    where = f"item '{iid}'"
    entry = entry_of(entry, "item", file, where)
    if not ID_PATTERN.match(iid):
        raise BankError(file, where, "id must be lower-case letters, digits and _")
    dim = dims.get(entry.get("dimension"))
    if dim is None:
        raise BankError(file, where, f"unknown dimension {entry.get('dimension')!r}")
    reverse = _flag(entry, "reverse", file, where)
    if reverse and dim.kind not in SCORED_KINDS:
        raise BankError(file, where, "reverse must be false for unscored (safety, context) items")
    roles = roles_of(entry.get("roles", list(dim.roles)), dim.roles, file, f"{where} roles")
    own = worded_for(entry, roles, file, where)
    sections, scales = bank_parts
    return Item(
        id=iid,
        dimension=dim.id,
        text=word(words, item_id(iid)),
        reverse=reverse,
        roles=roles,
        scale=scales[dim.scale] if dim.scale else sections[dim.section].scale,
        worded_for=own,
        wordings=_item_wordings(words, iid, roles, own),
        ask_if=_ask_if(entry.get("ask_if"), file, where),
        does_not_apply=_flag(entry, "does_not_apply", file, where),
    )


def parse_items(
    files: list[Path],
    dims: Mapping[str, Dimension],
    bank_parts: tuple[Mapping[str, Section], Mapping[str, Scale]],
    words: Words,
) -> tuple[Item, ...]:
    items: dict[str, Item] = {}
    origin: dict[str, Path] = {}
    for path in files:
        for entry in non_empty_list(read_yaml(path).get("items"), path, "items"):
            item = _parse_item(entry, dims, bank_parts, path, words)
            if item.id in items:
                raise BankError(
                    path, f"item '{item.id}'", f"duplicate id (also in {origin[item.id]})"
                )
            check_step(item, items, path)
            items[item.id], origin[item.id] = item, path
    return tuple(items.values())
