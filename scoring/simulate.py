"""Simulated respondents for the bank's documented reliability (``python -m scoring.simulate``).

Generating model (stated in docs/bank.md): each respondent has a general level g ~ N(0, 1)
and, per dimension d, a level theta_d = 0.5 g + sqrt(0.75) e_d with e_d ~ N(0, 1) (dimensions
correlate 0.25). An item's keyed answer is round(3 + 1.1 theta_d + u), u ~ N(0, 0.8^2),
clipped to 1..5, and stored flipped (6 - x) for a reverse-keyed item, as a person who agrees
with the opposite statement would answer it. Safety items are answered "Never", context items
not at all. Seeded: the same figures every run.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from questions import ROLES, Bank, load_bank
from scoring.forms import form_agreement

SEED = 20261201
PER_ROLE = 1000
LOADING, NOISE, SHARED = 1.1, 0.8, 0.5


def respondents(bank: Bank, per_role: int = PER_ROLE, seed: int = SEED) -> pd.DataFrame:
    """``per_role`` full check-ups of every role under the model above."""
    rng = np.random.default_rng(seed)
    dims = [d.id for d in bank.scored_dimensions]
    rows: list[dict[str, object]] = []
    for role in ROLES:
        items = [i for i in bank.items_for(role) if i.dimension in dims]
        g = rng.normal(size=per_role)
        theta = SHARED * g[:, None] + np.sqrt(1 - SHARED**2) * rng.normal(
            size=(per_role, len(dims))
        )
        column = {d: j for j, d in enumerate(dims)}
        for n in range(per_role):
            row: dict[str, object] = {"role": role}
            for item in items:
                x = 3 + LOADING * theta[n, column[item.dimension]] + rng.normal(0, NOISE)
                keyed = int(np.clip(np.rint(x), item.scale.min, item.scale.max))
                row[item.id] = item.scale.min + item.scale.max - keyed if item.reverse else keyed
            rows.append(row)
    return pd.DataFrame(rows)


def table(bank: Bank, form: str = "pulse") -> str:
    """The form's dimensions as a Markdown table: items, alpha, r with the full scale and
    with the full scale's other items."""
    rows = form_agreement(respondents(bank), bank, form)
    lines = [
        "| dimension | pulse items | alpha | r (full) | r (rest) | n |",
        "|---|---|---|---|---|---|",
    ]
    for agreement in rows.values():
        cells = [agreement.alpha, agreement.r_full, agreement.r_rest]
        shown = ["-" if v is None else f"{v:.2f}" for v in cells]
        name = bank.dimension_by_id[agreement.dimension].name
        lines.append(f"| {name} | {agreement.items} | {' | '.join(shown)} | {agreement.n} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(table(load_bank()) + "\n")
