"""What can be kept, and how kept check-ups are shown (no streamlit here).

The pages ``saving`` and ``checkups`` render what these functions return: records for the
store, frames for the trend chart and the norms, and file names that say nothing about the
topic. (Resume drafts are in ``drafts``, which stays light for the first pages.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
from babel.dates import format_datetime

from locales import Catalogue
from questions import Bank
from reports.ids import composite_label_id
from reports.trend_chart import TrendMarks, TrendSeries, bank_changes
from scoring.result import Result
from scoring.rules import load_rules
from storage import MIN_PASSPHRASE_LENGTH, CheckupRecord, History, SavedCheckup
from storage.exchange import build_json

_FILE_STEM = "checkup"


def record_for(
    result: Result, answers: Mapping[str, int], alias: str, bank: Bank, form: str = "full"
) -> CheckupRecord:
    """The record to save for a scored check-up, in the bank's language (raises
    InvalidRecord on bad input)."""
    return CheckupRecord(
        alias=alias,
        role=result.role,
        relationship=result.relationship,
        bank_version=bank.version,
        answers={key: int(value) for key, value in answers.items()},
        scores=result.scores(),
        flags=list(result.flags),
        form=form,
        locale=bank.locale,
    )


def answers_document(record: CheckupRecord, now: dt.datetime | None = None) -> str:
    """This check-up as an export file that My check-ups can import later."""
    saved = SavedCheckup(id="unsaved", record=record, updated_at=record.created_at)
    return build_json(record.alias, [saved], now or dt.datetime.now(dt.UTC))


def file_name(when: dt.date, extension: str) -> str:
    """A neutral file name, e.g. ``checkup-data-2026-11-23.json``."""
    return f"{_FILE_STEM}-data-{when.isoformat()}.{extension}"


def passphrase_problem(passphrase: str, confirm: str) -> str | None:
    """The catalogue id of why a chosen passphrase cannot be used, or None (empty: none)."""
    if not passphrase and not confirm:
        return None
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return "app.save.passphrase_short"
    if passphrase != confirm:
        return "app.save.passphrase_differs"
    return None


# -- My check-ups ----------------------------------------------------------------------------


def local_time(when: dt.datetime) -> dt.datetime:
    """A stored (UTC) time in this computer's time zone, without the zone."""
    return when.astimezone().replace(tzinfo=None)


def when_text(when: dt.datetime, cat: Catalogue) -> str:
    """``23 Nov 2026, 14:05`` in local time, in the catalogue's language."""
    return format_datetime(local_time(when), "d MMM y, HH:mm", locale=cat.babel_locale)


def composite_labels(cat: Catalogue) -> dict[str, str]:
    """The two overall scores by id, in words (the same words as the report's)."""
    return {key: cat.text(composite_label_id(key)) for key in load_rules().composites}


def composite_changes(
    before: Mapping[str, float | None], after: Mapping[str, float | None], cat: Catalogue
) -> list[tuple[str, float | None, float | None]]:
    """The two overall scores of two check-ups: (label, before, after), for "What changed"
    (in points: their reliability is not computed, so no change in words)."""
    return [
        (label, before.get(key), after.get(key))
        for key, label in composite_labels(cat).items()
        if before.get(key) is not None or after.get(key) is not None
    ]


def trend_frame(history: History, saved: Sequence[SavedCheckup] = ()) -> pd.DataFrame:
    """One row per check-up, oldest first: local ``created_at`` and a column per score; with
    the open check-ups (``saved``), also each one's ``form`` and ``bank_version`` (None for
    a check-up not among them), so the chart can mark quick check-ins and bank changes."""
    frame = history.to_frame()
    frame["created_at"] = [local_time(when) for when in history.created_at]
    if saved:
        records = {entry.id: entry.record for entry in saved}
        found = [records.get(key) for key in history.ids]
        frame["form"] = [r.form if r else None for r in found]
        frame["bank_version"] = [r.bank_version if r else None for r in found]
    return frame


def trend_marks(cat: Catalogue) -> TrendMarks:
    """The words of the trend's marks (quick check-in, full check-up, questions changed)."""
    return TrendMarks(
        pulse=cat.text("app.checkups.form.pulse"),
        full=cat.text("app.checkups.form.full"),
        bank_changed=cat.text("app.checkups.bank_changed"),
    )


def marks_note(frame: pd.DataFrame, cat: Catalogue) -> str | None:
    """A line under the chart saying what its marks mean, when it has any."""
    pulse = "form" in frame.columns and bool((frame["form"] == "pulse").any())
    changed = bool(bank_changes(frame))
    if not (pulse or changed):
        return None
    parts = [cat.text("app.checkups.note.pulse")] if pulse else []
    parts += [cat.text("app.checkups.note.bank_changed")] if changed else []
    return " ".join(parts)


def overview(saved: Sequence[SavedCheckup], bank: Bank, cat: Catalogue) -> pd.DataFrame:
    """The list of check-ups as a table: date, role, relationship and the two composites."""
    labels = composite_labels(cat)
    rows = []
    for entry in saved:
        record = entry.record
        wording = bank.relationships.get(record.relationship)
        rows.append(
            {
                cat.text("app.checkups.column.date"): when_text(record.created_at, cat),
                cat.text("app.checkups.column.role"): bank.roles.get(record.role, record.role),
                cat.text("app.checkups.column.relationship"): (
                    wording.label if wording else record.relationship
                ),
                **{label: _whole(record.scores.get(key)) for key, label in labels.items()},
            }
        )
    return pd.DataFrame(rows)


def _whole(score: float | None) -> int | None:
    return None if score is None else round(score)


def trend_series(bank: Bank, frame: pd.DataFrame, cat: Catalogue) -> list[TrendSeries]:
    """The composites, then every scored dimension with at least one score, in bank order."""
    kinds = load_rules().composites
    series = [
        TrendSeries(key, label, kinds[key])
        for key, label in composite_labels(cat).items()
        if _has_scores(frame, key)
    ]
    series += [  # retired dimensions too, so check-ups of earlier bank versions still chart
        TrendSeries(dim.id, dim.name, dim.kind)
        for dim in bank.known_dimensions
        if _has_scores(frame, dim.id)
    ]
    return series


def most_changed(frame: pd.DataFrame, series: Sequence[TrendSeries], most: int) -> list[str]:
    """Ids of the ``most`` areas whose score moved most from their first to their last
    check-up (a short chart to start from; the others can be added)."""

    def moved(entry: TrendSeries) -> float:
        values = frame[entry.id].dropna()
        return abs(float(values.iloc[-1] - values.iloc[0])) if len(values) > 1 else 0.0

    ranked = sorted(series, key=moved, reverse=True)
    return [entry.id for entry in ranked[:most]]


def trend_table(
    frame: pd.DataFrame, series: Sequence[TrendSeries], dates: Sequence[str], cat: Catalogue
) -> pd.DataFrame:
    """The chart's numbers as a table (its text equivalent): one row per check-up, its date,
    then one column per area in whole numbers."""
    columns: dict[str, list[str] | list[int | None]] = {
        cat.text("app.checkups.column.date"): list(dates)
    }
    columns.update(_kind_columns(frame, cat))
    columns.update({entry.name: [_whole(v) for v in frame[entry.id]] for entry in series})
    return pd.DataFrame(columns)


def _kind_columns(frame: pd.DataFrame, cat: Catalogue) -> dict[str, list[str]]:
    """The table's words for the chart's marks: full or quick, and where the questions
    changed (empty when the frame does not know its check-ups' form and bank)."""
    if "form" not in frame.columns:
        return {}
    names = {"pulse": cat.text("app.checkups.form.pulse")}
    forms = [names.get(str(f), cat.text("app.checkups.form.full")) for f in frame["form"]]
    changed = set(bank_changes(frame))
    questions = [
        cat.text("app.checkups.questions_changed", version=v) if i in changed else v
        for i, v in enumerate("" if pd.isna(v) else str(v) for v in frame["bank_version"])
    ]
    return {
        cat.text("app.checkups.column.form"): forms,
        cat.text("app.checkups.column.questions"): questions,
    }


def _has_scores(frame: pd.DataFrame, key: str) -> bool:
    return key in frame.columns and bool(frame[key].notna().any())


def answers_frame(saved: Sequence[SavedCheckup], bank: Bank) -> pd.DataFrame:
    """Answers of the check-ups made with this bank version, for the norms."""
    kept = [e for e in saved if e.record.bank_version in bank.norm_versions]
    rows = [
        {"role": e.record.role, "created_at": e.record.created_at, **e.record.answers} for e in kept
    ]
    return pd.DataFrame(rows, index=pd.Index([e.id for e in kept], name="checkup_id"))


def norms_frame(own: pd.DataFrame, others: pd.DataFrame | None) -> pd.DataFrame:
    """The answers the norms use: other people's unprotected check-ups plus the person's own.

    ``others`` (one row per check-up, index the check-up id, with a ``person`` column) comes
    from ``Store.all_answers``. The person's own check-ups count as one person (norms describe
    differences between people, so one person's repeated check-ups are not a sample), and
    those already in ``others`` are not counted twice.
    """
    mine = own.assign(person="__self__")
    if others is None or others.empty:
        return mine
    combined = pd.concat([others, mine])
    return combined[~combined.index.duplicated(keep="first")]


def whole_text(score: float | None) -> str:
    """A score as a whole number, or a dash when it was not scored."""
    return "–" if score is None else str(round(score))
