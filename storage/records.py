"""Plain records the store saves and returns, and the checks every record passes.

Storage does not know the question bank, so the checks are generic bounds (types, identifier
shapes, value ranges) that hold for any bank: they stop damaged or hostile data (a hand-edited
import, a bug upstream) from reaching the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from storage.errors import InvalidRecord, Message

__all__ = [
    "ANSWER_MAX",
    "ANSWER_MIN",
    "LEGACY_DEFAULTS",
    "MAX_ALIAS_LENGTH",
    "SCORE_MAX",
    "SCORE_MIN",
    "CheckupList",
    "CheckupRecord",
    "SavedCheckup",
    "normalize_alias",
    "record_from_payload",
    "record_to_payload",
]

ANSWER_MIN = 0
"""Lowest answer value accepted (the bank's scales are 1..5; storage allows 0..10)."""
ANSWER_MAX = 10
SCORE_MIN = 0.0
SCORE_MAX = 100.0
MAX_ALIAS_LENGTH = 80
MAX_ENTRIES = 1000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""Earliest ``created_at`` accepted (compared in UTC)."""
LATEST = datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
"""Most answers, scores or flags one check-up may hold."""

_UNSAFE = ("Cc", "Cs")  # control characters and lone surrogates
_WORD = re.compile(r"[a-z][a-z0-9_]{0,31}")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,31}")
_LOCALE = re.compile(r"[a-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}")
_PAYLOAD_FIELDS = (
    "bank_version", "role", "relationship", "form", "locale", "answers", "scores", "flags"
)
LEGACY_DEFAULTS = {"form": "full", "locale": "en"}
"""Form and locale of check-ups saved before they were recorded (migration 0002)."""


@dataclass(frozen=True)
class CheckupRecord:
    """One completed check-up, as the app hands it to the store.

    ``scores`` maps dimension ids and the composites (``trust_strain``, ``repair_readiness``)
    to 0..100, or None when a score could not be computed. ``form`` is the question form
    (``full``; ``pulse`` later) and ``locale`` the language it was answered in (a tag such as
    ``en`` or ``qps-ploc``). ``created_at`` must be timezone aware; it is kept in UTC; the
    alias is trimmed. Construction validates every field
    (raises InvalidRecord).
    """

    alias: str
    role: str
    relationship: str
    bank_version: str
    answers: dict[str, int]
    scores: dict[str, float | None]
    flags: list[str] = field(default_factory=list)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    form: str = "full"
    locale: str = "en"

    def __post_init__(self) -> None:
        _check_alias(self.alias)
        object.__setattr__(self, "alias", unicodedata.normalize("NFC", self.alias).strip())
        _check_match("role", self.role, _WORD)
        _check_match("relationship", self.relationship, _WORD)
        _check_match("bank_version", self.bank_version, _VERSION)
        _check_match("form", self.form, _WORD)
        _check_match("locale", self.locale, _LOCALE)
        object.__setattr__(self, "answers", _checked_answers(self.answers))
        object.__setattr__(self, "scores", _checked_scores(self.scores))
        object.__setattr__(self, "flags", _checked_flags(self.flags))
        object.__setattr__(self, "created_at", _checked_time(self.created_at))


@dataclass(frozen=True)
class SavedCheckup:
    """A check-up as stored: its id, the record and when the row was last written."""

    id: str
    record: CheckupRecord
    updated_at: datetime


class CheckupList(list[SavedCheckup]):
    """A person's readable check-ups, oldest first, and how many could not be read.

    A list (so existing callers keep working) with ``unreadable``: the number of stored
    check-ups that are damaged or were changed outside the app. They are left out of the
    list and of exports, never stop the others from loading, and go with "delete all".
    ``unreadable_message()`` is the catalogue message the app can show for them.
    """

    def __init__(self, saved: list[SavedCheckup] | None = None, unreadable: int = 0) -> None:
        super().__init__(saved or [])
        self.unreadable = unreadable

    def unreadable_message(self) -> Message | None:
        """``storage.checkup.unreadable`` (plural, ``count``) or None when all were read."""
        if not self.unreadable:
            return None
        return Message("storage.checkup.unreadable", {"count": self.unreadable}, plural=True)


def normalize_alias(alias: object) -> str:
    """The lookup form of an alias: NFC, trimmed, case-folded (so "Sam " finds "sam")."""
    _check_alias(alias)
    assert isinstance(alias, str)
    return unicodedata.normalize("NFC", alias).strip().casefold()


def record_to_payload(record: CheckupRecord) -> dict[str, Any]:
    """The JSON-ready content of a record, without alias and created_at."""
    return {
        "bank_version": record.bank_version,
        "role": record.role,
        "relationship": record.relationship,
        "form": record.form,
        "locale": record.locale,
        "answers": dict(record.answers),
        "scores": dict(record.scores),
        "flags": list(record.flags),
    }


def record_from_payload(
    payload: Mapping[str, Any], *, alias: str, created_at: datetime
) -> CheckupRecord:
    """Rebuild (and re-validate) a record from ``record_to_payload`` output.

    A payload from before migration 0002 (no form, no locale) gets ``LEGACY_DEFAULTS``.
    """
    payload = {**LEGACY_DEFAULTS, **payload}
    missing = [name for name in _PAYLOAD_FIELDS if name not in payload]
    if missing:
        raise InvalidRecord(missing[0], "storage.problem.missing")
    return CheckupRecord(
        alias=alias,
        created_at=created_at,
        **{name: payload[name] for name in _PAYLOAD_FIELDS},
    )


def _check_alias(alias: object) -> None:
    if not isinstance(alias, str):
        raise InvalidRecord("alias", "storage.problem.must_be_text")
    text = alias.strip()
    if not text:
        raise InvalidRecord("alias", "storage.problem.empty")
    if len(text) > MAX_ALIAS_LENGTH:
        raise InvalidRecord("alias", "storage.problem.too_long", limit=MAX_ALIAS_LENGTH)
    if any(unicodedata.category(ch) in _UNSAFE for ch in text):
        raise InvalidRecord("alias", "storage.problem.control_characters")


def _out_of_range(name: str, value: float, low: int, high: int) -> InvalidRecord:
    """The error for a number outside low..high, shown short even for a 5,000-digit integer."""
    shown = repr(value) if not isinstance(value, int) or abs(value) < 10**15 else "a huge number"
    return InvalidRecord(name, "storage.problem.out_of_range", value=shown, low=low, high=high)


def _check_match(name: str, value: object, pattern: re.Pattern[str]) -> None:
    if not isinstance(value, str):
        raise InvalidRecord(name, "storage.problem.must_be_text")
    if not pattern.fullmatch(value):
        raise InvalidRecord(name, "storage.problem.not_identifier", value=repr(value[:40]))


def _check_entries(name: str, value: object, kind: type) -> None:
    if not isinstance(value, kind):
        if kind is dict:
            raise InvalidRecord(name, "storage.problem.must_be_mapping")
        raise InvalidRecord(name, "storage.problem.must_be_list")
    if len(value) > MAX_ENTRIES:  # type: ignore[arg-type]
        raise InvalidRecord(name, "storage.problem.too_many_entries", limit=MAX_ENTRIES)


def _checked_answers(answers: object) -> dict[str, int]:
    _check_entries("answers", answers, dict)
    assert isinstance(answers, dict)
    for key, value in answers.items():
        _check_match("answers key", key, _KEY)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidRecord(f"answers.{key}", "storage.problem.whole_number")
        if not ANSWER_MIN <= value <= ANSWER_MAX:
            raise _out_of_range(f"answers.{key}", value, ANSWER_MIN, ANSWER_MAX)
    return dict(answers)


def _checked_scores(scores: object) -> dict[str, float | None]:
    _check_entries("scores", scores, dict)
    assert isinstance(scores, dict)
    result: dict[str, float | None] = {}
    for key, value in scores.items():
        _check_match("scores key", key, _KEY)
        if key == "created_at":
            raise InvalidRecord("scores.created_at", "storage.problem.reserved_name")
        if value is None:
            result[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidRecord(f"scores.{key}", "storage.problem.number_or_null")
        if not SCORE_MIN <= value <= SCORE_MAX:  # also NaN, infinities and huge integers
            raise _out_of_range(f"scores.{key}", value, 0, 100)
        result[key] = float(value)
    return result


def _checked_flags(flags: object) -> list[str]:
    _check_entries("flags", flags, list)
    assert isinstance(flags, list)
    for index, flag in enumerate(flags):
        _check_match(f"flags[{index}]", flag, _KEY)
    return list(flags)


def _checked_time(value: object) -> datetime:
    """The time in UTC; the range is checked on the UTC time (``+14:00`` can move the year)."""
    if not isinstance(value, datetime):
        raise InvalidRecord("created_at", "storage.problem.date_time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRecord("created_at", "storage.problem.time_zone")
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidRecord(
            "created_at", "storage.problem.time_out_of_range",
            earliest=EARLIEST.year, latest=LATEST.year,
        ) from None
    if utc < EARLIEST:
        raise InvalidRecord("created_at", "storage.problem.before_year", year=EARLIEST.year)
    if utc > LATEST:
        raise InvalidRecord("created_at", "storage.problem.after_year", year=LATEST.year)
    return utc
