"""One person's scores as typed objects, and as plain records for JSON and CSV.

The engine works on arrays; the app, the PDF and storage work on one :class:`Result`, made
from a scored frame (:func:`results_from_frame`) or straight from records
(:func:`score_records`, no pandas: a report of one JSON response or the app's results page).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from locales import catalogue
from questions import Bank
from scoring.engine import (
    META_COLUMNS,
    Column,
    answered_column,
    answers_matrix,
    band_column,
    context_column,
    flag_column,
    score_block,
    scored_columns,
)
from scoring.inputs_check import role_codes
from scoring.plan import plan_for
from scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    import pandas as pd

SCORE_DECIMALS = 2


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score (0-100) and band, or None with the reason it was not scored."""

    id: str
    name: str
    kind: str
    score: float | None
    band: str | None
    answered: int
    total: int
    needed: int

    #: the catalogue id of :attr:`reason` (its parameters: :attr:`reason_params`); a report
    #: in another locale words it with its own catalogue
    REASON_ID = "cli.output.unscored"

    @property
    def reason_params(self) -> dict[str, int]:
        return {"answered": self.answered, "total": self.total, "needed": self.needed}

    def reason_in(self, locale: str = "en") -> str | None:
        """Why there is no score, in ``locale``'s words; None when scored."""
        if self.score is not None:
            return None
        return catalogue(locale).text(
            self.REASON_ID, answered=self.answered, total=self.total, needed=self.needed
        )

    @property
    def reason(self) -> str | None:
        """Why there is no score, in English (the JSON output's words); None when scored."""
        return self.reason_in("en")


@dataclass(frozen=True)
class CompositeScore:
    """A composite (trust strain, repair readiness): mean of its scored dimensions."""

    id: str
    score: float | None
    band: str | None


@dataclass(frozen=True)
class Result:
    """Everything scored for one response: dimensions asked of the role, composites, flags."""

    respondent: str
    role: str
    relationship: str
    dimensions: Mapping[str, DimensionScore]
    composites: Mapping[str, CompositeScore]
    flags: tuple[str, ...]
    #: context answers (item id -> choice id), unscored; gate the advice in reports
    context: Mapping[str, str] = field(default_factory=dict)
    #: the form answered: "full" or "pulse" (questions.FULL_FORM / the bank's forms)
    form: str = "full"

    @property
    def safety(self) -> bool:
        return "safety" in self.flags

    def of_kind(self, kind: str) -> list[DimensionScore]:
        """The dimensions of one kind, in bank order."""
        return [d for d in self.dimensions.values() if d.kind == kind]

    def scores(self) -> dict[str, float | None]:
        """Dimension and composite scores by id (what storage keeps)."""
        out: dict[str, float | None] = {k: d.score for k, d in self.dimensions.items()}
        out.update({k: c.score for k, c in self.composites.items()})
        return out


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), SCORE_DECIMALS)


def _band(value: Any) -> str | None:
    return None if value is None else str(value)


def _result_from_row(row: Mapping[str, Any], bank: Bank, rules: Rules) -> Result:
    role = str(row["role"])
    dims: dict[str, DimensionScore] = {}
    for dim in bank.scored_dimensions_for(role):
        total = len(bank.items_for(role, dim.id))
        dims[dim.id] = DimensionScore(
            id=dim.id,
            name=dim.name,
            kind=dim.kind,
            score=_number(row[dim.id]),
            band=_band(row[band_column(dim.id)]),
            answered=int(row[answered_column(dim.id)]),
            total=total,
            needed=rules.needed(total),
        )
    composites = {
        name: CompositeScore(name, _number(row[name]), _band(row[band_column(name)]))
        for name in rules.composites
    }
    flags = tuple(f.name for f in rules.flags if bool(row[flag_column(f.name)]))
    context = {
        i.id: str(row[context_column(i.id)])
        for i in bank.context_items
        if row.get(context_column(i.id)) is not None
    }
    return Result(
        str(row["respondent"]),
        role,
        str(row["relationship"]),
        dims,
        composites,
        flags,
        context=context,
        form=bank.form,
    )


def _results(
    columns: Mapping[str, list[Any]], count: int, bank: Bank, rules: Rules
) -> Iterator[Result]:
    for pos in range(count):
        yield _result_from_row({c: values[pos] for c, values in columns.items()}, bank, rules)


def _plain_values(column: pd.Series) -> list[Any]:
    """A column as plain Python values (categoricals as their labels, None for no band):
    straight from its arrays, microseconds for the one-row frames of the report tool."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        labels = [*map(str, column.cat.categories), None]
        return [labels[code] for code in column.cat.codes.to_numpy()]
    return column.to_numpy().tolist()


def results_from_frame(
    scored: pd.DataFrame, bank: Bank, rules: Rules | None = None
) -> Iterator[Result]:
    """Turn rows of :func:`scoring.engine.score_frame` output into Results, in order."""
    columns = {str(c): _plain_values(scored[c]) for c in scored.columns}
    return _results(columns, len(scored), bank, rules or load_rules())


def _plain(column: Column) -> list[Any]:
    """An engine column as the values :func:`_plain_values` gives for its frame column."""
    if column.labels is None:
        return column.values.tolist()  # type: ignore[no-any-return]
    labels = [*column.labels, None]
    return [labels[code] for code in column.values.tolist()]


def score_records(
    records: Sequence[Mapping[str, Any]], bank: Bank, rules: Rules | None = None
) -> list[Result]:
    """Score responses given as records: ``respondent``, ``role``, ``relationship`` and
    ``answers`` (item id -> answer; None or missing = unanswered). The same arithmetic and
    Results as :func:`scoring.engine.score_frame` then :func:`results_from_frame`, without
    pandas: for one response that is most of the cost."""
    rules = rules or load_rules()
    plan = plan_for(bank, rules)
    raw = answers_matrix([r.get("answers") or {} for r in records], plan)
    roles = np.fromiter((r.get("role") for r in records), dtype=object, count=len(records))
    block = score_block(plan, rules, raw, role_codes(roles))
    columns = {c: [r.get(c, "") for r in records] for c in META_COLUMNS}
    columns.update({c.name: _plain(c) for c in scored_columns(block, plan, rules, bank)})
    return list(_results(columns, len(records), bank, rules))


def score_one(
    bank: Bank,
    role: str,
    relationship: str,
    answers: Mapping[str, float],
    respondent: str = "",
) -> Result:
    """Score a single person's answers (item id -> answer; missing = unanswered)."""
    record = {"respondent": respondent, "role": role, "relationship": relationship}
    return score_records([record | {"answers": answers}], bank)[0]


def to_record(result: Result) -> dict[str, Any]:
    """A JSON-ready record: dimensions absent for the role are left out, never zero."""
    return {
        "respondent": result.respondent,
        "role": result.role,
        "relationship": result.relationship,
        "scores": {k: d.score for k, d in result.dimensions.items()},
        "bands": {k: d.band for k, d in result.dimensions.items()},
        "unscored": {k: d.reason for k, d in result.dimensions.items() if d.reason},
        **{k: c.score for k, c in result.composites.items()},
        **{band_column(k): c.band for k, c in result.composites.items()},
        "flags": list(result.flags),
    }


def csv_columns(bank: Bank, rules: Rules | None = None) -> list[str]:
    """Column order of the flat CSV output."""
    rules = rules or load_rules()
    dims = [d.id for d in bank.scored_dimensions]
    per_dim = [c for d in dims for c in (d, band_column(d))]
    comps = [c for n in rules.composites for c in (n, band_column(n))]
    return [*META_COLUMNS, *per_dim, *comps, "flags"]


def to_flat_row(result: Result) -> dict[str, Any]:
    """A flat CSV row: blanks for dimensions not asked of the role."""
    row: dict[str, Any] = {c: getattr(result, c) for c in META_COLUMNS}
    for k, d in result.dimensions.items():
        row[k], row[band_column(k)] = d.score, d.band
    for k, c in result.composites.items():
        row[k], row[band_column(k)] = c.score, c.band
    row["flags"] = ";".join(result.flags)
    return row
