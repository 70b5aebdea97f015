"""What a flag or a context answer changes in the report, as data.

``data/flag_effects.yaml`` says, per flag of ``scoring/rules.yaml``, which text blocks come
before everything else, what no step or strength may ask of the person (``withhold``), whether
the results open on the first block alone (``opens_alone``), which variant of the composite
texts to use (``composites: safe``) and which one-line notes to show. ``data/context_effects
.yaml`` does the same for the unscored context answers (is the breach still going on, what the
person wants now), and may add a path of steps (``path: ending``). :meth:`Effects.combined`
folds the effects of one result into one :class:`Effect`; the renderers only follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from questions import ROLES
from reports import yaml_checks as check
from scoring.rules import load_rules

EFFECT_KEYS = frozenset(
    {"blocks", "withhold", "opens_alone", "composites", "notes", "path", "roles"}
)
COMPOSITE_VARIANTS = ("safe",)


@dataclass(frozen=True)
class Effect:
    """The changes one flag or context answer makes (or several, folded together)."""

    blocks: tuple[str, ...] = ()
    withhold: frozenset[str] = frozenset()
    opens_alone: bool = False
    composites: str = ""  # "" (the usual texts) or "safe"
    notes: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    roles: tuple[str, ...] = ROLES

    def then(self, other: Effect) -> Effect:
        """This effect followed by ``other``: blocks, notes and paths in order, once each."""
        return Effect(
            blocks=_once(self.blocks + other.blocks),
            withhold=self.withhold | other.withhold,
            opens_alone=self.opens_alone or other.opens_alone,
            composites=self.composites or other.composites,
            notes=_once(self.notes + other.notes),
            paths=_once(self.paths + other.paths),
        )


def _once(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Effects:
    """Every flag's and context answer's effect, in the order of their files."""

    asks: tuple[str, ...]
    paths: tuple[str, ...]
    flags: tuple[tuple[str, Effect], ...]
    context: tuple[tuple[str, str, Effect], ...] = field(default=())  # (item, choice, effect)

    def combined(self, flags: Iterable[str], context: Mapping[str, str], role: str) -> Effect:
        """The effect of these raised flags and context answers for this role."""
        raised, out = set(flags), Effect()
        for flag, effect in self.flags:
            if flag in raised and role in effect.roles:
                out = out.then(effect)
        for item, choice, effect in self.context:
            if context.get(item) == choice and role in effect.roles:
                out = out.then(effect)
        return out

    def blocks(self) -> set[str]:
        """Every text block an effect names."""
        return {b for _, e in self.flags for b in e.blocks} | {
            b for *_, e in self.context for b in e.blocks
        }

    def notes(self) -> set[str]:
        return {n for _, e in self.flags for n in e.notes} | {
            n for *_, e in self.context for n in e.notes
        }


def _names(
    raw: Mapping[str, Any], key: str, where: str, allowed: Iterable[str] = ()
) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise check.fail(where, f"'{key}' must be a list")
    names = tuple(check.name({key: v}, key, where) for v in value)
    known = tuple(allowed)
    if known and (unknown := [n for n in names if n not in known]):
        raise check.fail(where, f"'{key}': {unknown} not among {list(known)}")
    return names


def _effect(raw: Any, where: str, asks: tuple[str, ...], paths: tuple[str, ...]) -> Effect:
    check.keys(raw, frozenset(), EFFECT_KEYS, where)
    variant = raw.get("composites", "")
    if variant not in ("", *COMPOSITE_VARIANTS):
        raise check.fail(where, f"'composites' must be one of {list(COMPOSITE_VARIANTS)}")
    path = raw.get("path")
    return Effect(
        blocks=_names(raw, "blocks", where),
        withhold=frozenset(_names(raw, "withhold", where, asks)),
        opens_alone=check.flag(raw, "opens_alone", where, False),
        composites=str(variant),
        notes=_names(raw, "notes", where),
        paths=_names({"path": [path]}, "path", where, paths) if path is not None else (),
        roles=check.choices(raw, "roles", ROLES, where) if "roles" in raw else ROLES,
    )


def _flags(
    doc: Mapping[str, Any], where: str, asks: tuple[str, ...]
) -> tuple[tuple[str, Effect], ...]:
    table = doc.get("flags")
    known = [f.name for f in load_rules().flags]
    if not isinstance(table, dict) or not table:
        raise check.fail(where, "'flags' must map flags of scoring/rules.yaml to their effects")
    out = []
    for flag, raw in table.items():
        if flag not in known:
            raise check.fail(f"{where}: flags.{flag}", f"not a flag of scoring/rules.yaml {known}")
        out.append((str(flag), _effect(raw, f"{where}: flags.{flag}", asks, ())))
    return tuple(out)


def _context(
    doc: Mapping[str, Any], where: str, asks: tuple[str, ...], paths: tuple[str, ...]
) -> tuple[tuple[str, str, Effect], ...]:
    table = doc.get("context")
    if not isinstance(table, dict):
        raise check.fail(where, "'context' must map context items to their choices' effects")
    out = []
    for item, choices in table.items():
        at = f"{where}: context.{item}"
        if not isinstance(choices, dict) or not choices:
            raise check.fail(at, "must map choices to effects")
        for choice, raw in choices.items():
            name = check.name({"choice": str(choice)}, "choice", at)
            out.append((str(item), name, _effect(raw, f"{at}.{name}", asks, paths)))
    return tuple(out)


def load_effects(folder: Path) -> Effects:
    """The validated flag and context effects of ``folder`` (flags checked against the rules)."""
    flags_file, context_file = "flag_effects.yaml", "context_effects.yaml"
    doc = check.read_yaml(folder / flags_file, flags_file)
    check.keys(doc, frozenset({"asks", "flags"}), frozenset(), flags_file)
    asks = _names(doc, "asks", flags_file)
    ctx = check.read_yaml(folder / context_file, context_file)
    check.keys(ctx, frozenset({"paths", "context"}), frozenset(), context_file)
    paths = _names(ctx, "paths", context_file)
    return Effects(
        asks=asks,
        paths=paths,
        flags=_flags(doc, flags_file, asks),
        context=_context(ctx, context_file, asks, paths),
    )
