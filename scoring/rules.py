"""Scoring rules loaded from ``rules.yaml``: bands, the minimum-answered rule, flags."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass(frozen=True)
class FlagRule:
    """A flag raised when an item of ``kind`` (or of one of ``dimensions``) is endorsed."""

    name: str
    kind: str | None
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """Everything the engine needs to know that is a choice, not arithmetic."""

    min_answered_fraction: Fraction
    band_names: tuple[str, ...]
    band_starts: tuple[float, ...]
    composites: dict[str, str]
    flags: tuple[FlagRule, ...]
    change_threshold: float
    change_words: dict[str, str]

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


def rules_from_mapping(raw: dict[str, Any]) -> Rules:
    """Build Rules from the parsed YAML mapping."""
    bands = sorted(raw["bands"], key=lambda b: float(b["from"]))
    return Rules(
        min_answered_fraction=Fraction(str(raw["min_answered_fraction"])),
        band_names=tuple(str(b["name"]) for b in bands),
        band_starts=tuple(float(b["from"]) for b in bands),
        composites={str(k): str(v) for k, v in raw["composites"].items()},
        flags=tuple(
            FlagRule(name=str(n), kind=f.get("kind"), dimensions=tuple(f.get("dimensions", ())))
            for n, f in raw["flags"].items()
        ),
        change_threshold=float(raw["reliable_change_threshold"]),
        change_words={str(k): str(v) for k, v in raw["change_words"].items()},
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The project's scoring rules, read once (they are not user data)."""
    return rules_from_mapping(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
