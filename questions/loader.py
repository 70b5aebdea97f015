"""Load and validate the question bank once.

``bank.yaml`` holds scales, wording, sections and dimensions; ``items/*.yaml`` hold the items.
Any problem stops loading with a :class:`BankError` naming the file and the item, so a broken
bank is never half-used.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from questions.model import (
    KINDS,
    RELATIONSHIPS,
    ROLES,
    SCORED_KINDS,
    Bank,
    Dimension,
    Item,
    Role,
    Scale,
    Section,
    Wording,
)

DATA_DIR = Path(__file__).parent / "data"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ITEM_PLACEHOLDERS = frozenset({"other"})
MIN_ITEMS = {"sign": 3, "willingness": 3, "safety": 1}


class BankError(ValueError):
    """The question bank is malformed; the message names the file and the item."""

    def __init__(self, file: Path | str, where: str, problem: str) -> None:
        self.file = str(file)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.file}: {where}: {problem}")


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


def _by_role(raw: Any, file: Path, where: str, name: str) -> dict[str, str]:
    """An optional ``{role: wording}`` mapping, checked for known roles and non-empty text."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BankError(file, where, f"{name}_by_role must map a role to its wording")
    _roles(list(raw) or ["hurt"], ROLES, file, f"{where} {name}_by_role")
    return {r: _text(t, file, where, f"{name} for role {r}") for r, t in raw.items()}


def _parse_scale(sid: str, raw: Any, file: Path) -> Scale:
    where = f"scale '{sid}'"
    if not isinstance(raw, dict):
        raise BankError(file, where, "must be a mapping with min, max and labels")
    lo, hi, labels = raw.get("min"), raw.get("max"), raw.get("labels")
    if not (isinstance(lo, int) and isinstance(hi, int)) or lo >= hi:
        raise BankError(file, where, "min and max must be whole numbers with min < max")
    if not isinstance(labels, dict) or sorted(labels) != list(range(lo, hi + 1)):
        raise BankError(file, where, f"needs a label in words for every point {lo}..{hi}")
    words = {int(k): _text(v, file, where, f"label {k}") for k, v in labels.items()}
    return Scale(id=sid, min=lo, max=hi, labels=words)


def _parse_wording(raw: Any, file: Path, where: str) -> Wording:
    if not isinstance(raw, dict):
        raise BankError(file, where, "must be a mapping")
    return Wording(
        label=str(raw.get("label", "")),
        other=_text(raw.get("other"), file, where, "'other'"),
        your_other=_text(raw.get("your_other"), file, where, "'your_other'"),
    )


def _parse_sections(raw: Any, scales: Mapping[str, Scale], file: Path) -> tuple[Section, ...]:
    sections: dict[str, Section] = {}
    for entry in _list(raw, file, "sections"):
        sid = _text(entry.get("id") if isinstance(entry, dict) else None, file, "sections", "id")
        where = f"section '{sid}'"
        if sid in sections:
            raise BankError(file, where, "duplicate section id")
        if entry.get("scale") not in scales:
            raise BankError(file, where, f"unknown scale {entry.get('scale')!r}")
        sections[sid] = Section(
            id=sid,
            title=_text(entry.get("title"), file, where, "title"),
            intro=_text(entry.get("intro"), file, where, "intro"),
            scale=scales[entry["scale"]],
            intro_by_role=_by_role(entry.get("intro_by_role"), file, where, "intro"),
        )
    return tuple(sections.values())


def _parse_dimension(entry: Any, sections: set[str], file: Path) -> Dimension:
    did = _text(entry.get("id") if isinstance(entry, dict) else None, file, "dimensions", "id")
    where = f"dimension '{did}'"
    if not ID_PATTERN.match(did):
        raise BankError(file, where, "id must be lower-case letters, digits and _")
    if entry.get("kind") not in KINDS:
        raise BankError(file, where, f"kind must be one of {list(KINDS)}")
    if entry.get("section") not in sections:
        raise BankError(file, where, f"unknown section {entry.get('section')!r}")
    return Dimension(
        id=did,
        name=_text(entry.get("name"), file, where, "name"),
        kind=entry["kind"],
        section=entry["section"],
        roles=_roles(entry.get("roles"), ROLES, file, f"{where} roles"),
        description=_text(entry.get("description"), file, where, "description"),
    )


def _check_placeholders(text: str, file: Path, where: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    unknown = names - ITEM_PLACEHOLDERS
    if unknown:
        raise BankError(file, where, f"unknown placeholder(s) {sorted(unknown)} in text")


def _parse_item(
    entry: Any, dims: Mapping[str, Dimension], sections: Mapping[str, Section], file: Path
) -> Item:
    iid = _text(entry.get("id") if isinstance(entry, dict) else None, file, "items", "id")
    where = f"item '{iid}'"
    if not ID_PATTERN.match(iid):
        raise BankError(file, where, "id must be lower-case letters, digits and _")
    dim = dims.get(entry.get("dimension"))
    if dim is None:
        raise BankError(file, where, f"unknown dimension {entry.get('dimension')!r}")
    reverse = entry.get("reverse", False)
    if not isinstance(reverse, bool) or (reverse and dim.kind not in SCORED_KINDS):
        raise BankError(file, where, "reverse must be true/false (and false for safety items)")
    text = _text(entry.get("text"), file, where, "text")
    by_role = _by_role(entry.get("text_by_role"), file, where, "text")
    for wording in (text, *by_role.values()):
        _check_placeholders(wording, file, where)
    roles = _roles(entry.get("roles", list(dim.roles)), dim.roles, file, f"{where} roles")
    return Item(
        id=iid,
        dimension=dim.id,
        text=text,
        reverse=reverse,
        roles=roles,
        scale=sections[dim.section].scale,
        text_by_role=by_role,
    )


def _parse_items(
    files: list[Path], dims: Mapping[str, Dimension], sections: Mapping[str, Section]
) -> tuple[Item, ...]:
    items: dict[str, Item] = {}
    origin: dict[str, Path] = {}
    for path in files:
        for entry in _list(read_yaml(path).get("items"), path, "items"):
            item = _parse_item(entry, dims, sections, path)
            if item.id in items:
                raise BankError(
                    path, f"item '{item.id}'", f"duplicate id (also in {origin[item.id]})"
                )
            items[item.id], origin[item.id] = item, path
    return tuple(items.values())


def _check_item_counts(bank: Bank, file: Path) -> None:
    for dim in bank.dimensions:
        for role in dim.roles:
            found = [i.id for i in bank.items_for(role, dim.id)]
            need = MIN_ITEMS[dim.kind]
            if len(found) < need:
                raise BankError(
                    file,
                    f"dimension '{dim.id}'",
                    f"has {len(found)} item(s) for role '{role}' {found}; at least {need} needed",
                )


def load_bank_from(data_dir: Path) -> Bank:
    """Load and validate the bank in ``data_dir`` (``bank.yaml`` plus ``items/*.yaml``)."""
    main = data_dir / "bank.yaml"
    raw = read_yaml(main)
    version = _text(raw.get("version"), main, "version", "version")
    scales_raw = raw.get("scales")
    if not isinstance(scales_raw, dict) or not scales_raw:
        raise BankError(main, "scales", "must be a non-empty mapping")
    scales = {sid: _parse_scale(sid, s, main) for sid, s in scales_raw.items()}
    sections = _parse_sections(raw.get("sections"), scales, main)
    dims: dict[str, Dimension] = {}
    for entry in _list(raw.get("dimensions"), main, "dimensions"):
        dim = _parse_dimension(entry, {s.id for s in sections}, main)
        if dim.id in dims:
            raise BankError(main, f"dimension '{dim.id}'", "duplicate dimension id")
        dims[dim.id] = dim
    rel_raw = raw.get("relationships") or {}
    if sorted(rel_raw) != sorted(RELATIONSHIPS):
        raise BankError(main, "relationships", f"must define exactly {list(RELATIONSHIPS)}")
    item_files = sorted((data_dir / "items").glob("*.yaml"))
    if not item_files:
        raise BankError(data_dir / "items", "folder", "holds no *.yaml item files")
    bank = Bank(
        version=version,
        roles={r: _text((raw.get("roles") or {}).get(r), main, "roles", r) for r in ROLES},
        relationships={
            k: _parse_wording(v, main, f"relationship '{k}'") for k, v in rel_raw.items()
        },
        neutral=_parse_wording(raw.get("neutral"), main, "neutral"),
        scales=scales,
        sections=sections,
        dimensions=tuple(dims.values()),
        items=_parse_items(item_files, dims, {s.id: s for s in sections}),
    )
    _check_item_counts(bank, main)
    return bank


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    """The project's bank, loaded and validated once per process (it is not user data)."""
    return load_bank_from(DATA_DIR)
