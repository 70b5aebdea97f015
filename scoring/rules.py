"""Scoring rules loaded from ``rules.yaml``: bands, what they mean per kind, the minimum-answered
rule, composites, flags and reliable change.

The file is read once and validated: any problem raises :class:`RulesError` naming the file and
the key (``kinds.sign.better``), so a broken rule is never half-used. Words (a band's name, a
change in words) are in the message catalogue under ids from :func:`catalogue_ids`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import yaml

from locales import DEFAULT_LOCALE, catalogue
from questions import Bank
from questions.loader_yaml import safe_load

RULES_FILE = Path(__file__).with_name("rules.yaml")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
Better = Literal["lower", "higher"]
BETTER: tuple[Better, ...] = ("lower", "higher")
CHANGE_DIRECTIONS = ("better", "same", "worse")
WORDS_DOMAIN = "bank"  # band and change words sit beside the bank's in bank.po


class RulesError(ValueError):
    """``rules.yaml`` is malformed; the message names the file and the key."""

    def __init__(self, file: Path | str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = str(file), key, problem
        super().__init__(f"{self.file}: {key}: {problem}")


FlagWhen = Literal["endorsed", "unanswered"]
FLAG_WHEN: tuple[FlagWhen, ...] = ("endorsed", "unanswered")


@dataclass(frozen=True)
class FlagRule:
    """A flag raised from the items of ``kind``, of ``dimensions`` and the named ``items``:
    ``endorsed`` when any is answered above its scale minimum, ``unanswered`` when any that
    is asked of the role is blank."""

    name: str
    kind: str | None
    dimensions: tuple[str, ...]
    items: tuple[str, ...] = ()
    when: FlagWhen = "endorsed"

    def covers(self, item_id: str, dimension: str, kind: str) -> bool:
        """Whether an item (of this dimension and kind) is one the flag is raised from."""
        return kind == self.kind or dimension in self.dimensions or item_id in self.items


@dataclass(frozen=True)
class KindRule:
    """What the bands of one dimension kind mean: the better direction, and which bands call
    for help (steps) and which count as a strength."""

    better: Better
    needs_help: frozenset[str]
    strength: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """Everything the engine needs to know that is a choice, not arithmetic."""

    min_answered_fraction: Fraction
    band_names: tuple[str, ...]
    band_starts: tuple[float, ...]
    composites: dict[str, str]
    flags: tuple[FlagRule, ...]
    change_threshold: float
    kinds: Mapping[str, KindRule]
    file: str = str(RULES_FILE)  # where the rules were read from, for errors

    def needed(self, total: int) -> int:
        """How many of ``total`` items must be answered for a score."""
        return max(1, math.ceil(self.min_answered_fraction * total))

    def needed_for(self, totals: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """:meth:`needed` for an array of totals; infinite where nothing is asked."""
        flat = [float(self.needed(int(t))) if t > 0 else np.inf for t in np.ravel(totals)]
        return np.array(flat, dtype=np.float64).reshape(np.shape(totals))

    def band_codes(self, scores: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.int8]:
        """Band index for each score (how many later band starts it reaches); -1 where null."""
        codes = np.where(np.isnan(scores), -1, 0).astype(np.int8)
        for start in self.band_starts[1:]:
            codes += scores >= start  # NaN compares False
        return codes

    def band_of(self, score: float | None) -> str | None:
        """The band name of one score (None for a null score)."""
        if score is None or math.isnan(score):
            return None
        code = int(self.band_codes(np.array([score], dtype=np.float64))[0])
        return self.band_names[code]

    @property
    def change_words(self) -> dict[str, str]:
        """English words of each change direction ("better": "reliably better"); screens use
        :func:`change_word` in their own locale."""
        return {d: change_word(d) for d in CHANGE_DIRECTIONS}

    def band_word(self, band: str, locale: str = DEFAULT_LOCALE) -> str:
        """A band's name in words in ``locale`` (``bank.band.<band>``)."""
        if band not in self.band_names:
            raise KeyError(band)
        return catalogue(locale).text(band_id(band))

    def need(self, kind: str, score: float) -> float:
        """How much help a 0-100 score shows (0-100): the score itself where lower is better,
        ``100 - score`` where higher is better. KeyError for a kind without a rule."""
        return score if self.kinds[kind].better == "lower" else 100.0 - score


class _Reader:
    """Typed, checked access to the parsed YAML; every failure names the file and the key."""

    def __init__(self, file: Path | str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> RulesError:
        return RulesError(self.file, key, problem)

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            raise self.fail(key, "must be a non-empty mapping")
        for name in value:
            self.name(name, f"{key}.{name}")
        return value

    def name(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not NAME_PATTERN.match(value):
            raise self.fail(key, f"{value!r} must be a lower-case name (letters, digits, _)")
        return value

    def number(self, value: Any, key: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        if not (low <= float(value) <= high):
            raise self.fail(key, f"{value} is outside {low:g}..{high:g}")
        return float(value)

    def names(self, value: Any, key: str, allowed: tuple[str, ...]) -> frozenset[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list")
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise self.fail(key, f"unknown name(s) {unknown}; allowed: {list(allowed)}")
        return frozenset(value)


def _fraction(r: _Reader, value: Any) -> Fraction:
    key = "min_answered_fraction"
    try:
        fraction = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise r.fail(key, f'{value!r} is not a fraction such as "2/3"') from None
    if not 0 < fraction <= 1:
        raise r.fail(key, f"{value} must be above 0 and at most 1")
    return fraction


def _bands(r: _Reader, value: Any) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if not isinstance(value, list) or not value:
        raise r.fail("bands", "must be a non-empty list of {name, from}")
    names, starts = [], []
    for index, band in enumerate(value):
        key = f"bands[{index}]"
        if not isinstance(band, dict) or set(band) != {"name", "from"}:
            raise r.fail(key, "must be a mapping with exactly `name` and `from`")
        names.append(r.name(band["name"], f"{key}.name"))
        starts.append(r.number(band["from"], f"{key}.from", 0, 100))
    if len(set(names)) != len(names):
        raise r.fail("bands", f"band names must be unique: {names}")
    if starts[0] != 0 or any(b <= a for a, b in pairwise(starts)):
        raise r.fail("bands", f"`from` must start at 0 and rise band by band: {starts}")
    return tuple(names), tuple(starts)


def _kinds(r: _Reader, value: Any, bands: tuple[str, ...]) -> dict[str, KindRule]:
    kinds = {}
    for kind, raw in r.mapping(value, "kinds").items():
        key = f"kinds.{kind}"
        if not isinstance(raw, dict) or set(raw) != {"better", "needs_help", "strength"}:
            raise r.fail(key, "must be a mapping with exactly better, needs_help and strength")
        if raw["better"] not in BETTER:
            raise r.fail(f"{key}.better", f"{raw['better']!r} must be one of {list(BETTER)}")
        kinds[kind] = KindRule(
            better=cast(Better, raw["better"]),
            needs_help=r.names(raw["needs_help"], f"{key}.needs_help", bands),
            strength=r.names(raw["strength"], f"{key}.strength", bands),
        )
    return kinds


def _composites(r: _Reader, value: Any, kinds: Mapping[str, KindRule]) -> dict[str, str]:
    composites = r.mapping(value, "composites")
    for name, kind in composites.items():
        if kind not in kinds:
            raise r.fail(f"composites.{name}", f"{kind!r} is not a kind under `kinds`")
    return {str(k): str(v) for k, v in composites.items()}


_FLAG_SOURCES = frozenset({"kind", "dimensions", "items"})


def _ids(r: _Reader, raw: dict[str, Any], key: str, what: str) -> tuple[str, ...]:
    ids = raw.get(key.rsplit(".", 1)[1], [])
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise r.fail(key, f"must be a list of {what} ids")
    return tuple(ids)


def _flag(r: _Reader, name: str, raw: Any) -> FlagRule:
    key = f"flags.{name}"
    if not isinstance(raw, dict) or not set(raw) & _FLAG_SOURCES:
        raise r.fail(key, "must be a mapping with `kind`, `dimensions` and/or `items`")
    unknown = sorted(set(raw) - _FLAG_SOURCES - {"when"})
    if unknown:
        raise r.fail(key, f"unknown key(s) {unknown}; known: kind, dimensions, items, when")
    when = raw.get("when", "endorsed")
    if when not in FLAG_WHEN:
        raise r.fail(f"{key}.when", f"{when!r} must be one of {list(FLAG_WHEN)}")
    return FlagRule(
        name=name,
        kind=r.name(raw["kind"], f"{key}.kind") if "kind" in raw else None,
        dimensions=_ids(r, raw, f"{key}.dimensions", "dimension"),
        items=_ids(r, raw, f"{key}.items", "item"),
        when=cast(FlagWhen, when),
    )


def _flags(r: _Reader, value: Any) -> tuple[FlagRule, ...]:
    return tuple(_flag(r, name, raw) for name, raw in r.mapping(value, "flags").items())


def rules_from_mapping(raw: Any, file: Path | str = RULES_FILE) -> Rules:
    """Build and validate Rules from the parsed YAML (``file`` names it in errors)."""
    r = _Reader(file)
    if not isinstance(raw, dict):
        raise r.fail("file", "must hold a mapping at the top level")
    missing = [k for k in _KEYS if k not in raw]
    if missing:
        raise r.fail(missing[0], "is missing")
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise r.fail(unknown[0], f"is not a known key; known: {list(_KEYS)}")
    names, starts = _bands(r, raw["bands"])
    kinds = _kinds(r, raw["kinds"], names)
    threshold = r.number(raw["reliable_change_threshold"], "reliable_change_threshold", 0, 100)
    return Rules(
        min_answered_fraction=_fraction(r, raw["min_answered_fraction"]),
        band_names=names,
        band_starts=starts,
        composites=_composites(r, raw["composites"], kinds),
        flags=_flags(r, raw["flags"]),
        change_threshold=threshold,
        kinds=kinds,
        file=str(file),
    )


_KEYS = (
    "min_answered_fraction",
    "bands",
    "kinds",
    "composites",
    "flags",
    "reliable_change_threshold",
)


def load_rules_from(path: Path) -> Rules:
    """Read and validate a rules file; RulesError naming the file (and line) otherwise."""
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(path, "file", f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise RulesError(path, f"byte {exc.start}", "is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise RulesError(path, where, "is not valid YAML") from None
    return rules_from_mapping(raw, path)


def check_against(rules: Rules, bank: Bank) -> None:
    """RulesError when the rules name a kind or dimension the bank lacks, a composite is of an
    unscored kind, or a scored kind of the bank has no rule: a typo in a flag would otherwise
    silently never raise it."""
    kinds, scored = {d.kind for d in bank.dimensions}, {d.kind for d in bank.scored_dimensions}
    for flag in rules.flags:
        key = f"flags.{flag.name}"
        if flag.kind is not None and flag.kind not in kinds:
            raise RulesError(rules.file, f"{key}.kind", f"the bank has no kind {flag.kind!r}")
        unknown = [d for d in flag.dimensions if d not in bank.dimension_by_id]
        if unknown:
            raise RulesError(rules.file, f"{key}.dimensions", f"unknown dimension(s) {unknown}")
        unknown = [i for i in flag.items if i not in (bank.all_item_ids or bank.item_by_id)]
        if unknown:
            raise RulesError(rules.file, f"{key}.items", f"unknown item(s) {unknown}")
    for name, kind in rules.composites.items():
        if kind not in scored:
            raise RulesError(rules.file, f"composites.{name}", f"{kind!r} is not a scored kind")
    missing = sorted(scored - set(rules.kinds))
    if missing:
        raise RulesError(rules.file, "kinds", f"no rule for the bank's kind(s) {missing}")


def band_id(band: str) -> str:
    """Catalogue id of a band's name: ``bank.band.<band>``."""
    return f"{WORDS_DOMAIN}.band.{band}"


def change_id(direction: str) -> str:
    """Catalogue id of a change in words: ``bank.change.<better|same|worse>``."""
    return f"{WORDS_DOMAIN}.change.{direction}"


def change_word(direction: str, locale: str = DEFAULT_LOCALE) -> str:
    """A change direction in words in ``locale`` ("reliably better")."""
    if direction not in CHANGE_DIRECTIONS:
        raise KeyError(direction)
    return catalogue(locale).text(change_id(direction))


def catalogue_ids(rules: Rules) -> frozenset[str]:
    """Every catalogue id the rules' words use: each band's name and each change direction."""
    return frozenset(
        {band_id(b) for b in rules.band_names} | {change_id(d) for d in CHANGE_DIRECTIONS}
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The project's scoring rules, read once (they are not user data)."""
    return load_rules_from(RULES_FILE)
