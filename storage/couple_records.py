"""Plain values of couple spaces: the snapshot a partner shares, a listed share, the status.

A snapshot holds dimension scores and, if chosen, the item answers of some areas; it has no
place for flags, and ``check_withheld`` refuses any score or answer whose id the caller names
as safety data (the bank's safety items and dimensions, the flag names): storage knows no
bank, so the caller passes them. Validation reuses the check-up record's checks.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.errors import InvalidRecord
from storage.records import CheckupRecord

__all__ = [
    "MAX_AREAS",
    "CoupleSnapshot",
    "CoupleStatus",
    "Pairing",
    "SharedSnapshot",
    "check_withheld",
    "snapshot_from_payload",
    "snapshot_to_payload",
]

MAX_AREAS = 64
_AREA = re.compile(r"[a-z][a-z0-9_]{0,31}")
_FIELDS = frozenset({"alias", "role", "relationship", "bank_version", "form", "locale",
                     "created_at", "scores", "answers", "areas"})


@dataclass(frozen=True, repr=False)
class CoupleSnapshot:
    """What one partner shares of one finished check-up (never safety data).

    ``scores``: dimension and composite scores (0..100 or None); ``answers``: item answers of
    the chosen ``areas`` only (empty by default). ``created_at``: when the check-up was taken.
    """

    alias: str
    role: str
    relationship: str
    bank_version: str
    created_at: datetime
    scores: dict[str, float | None]
    answers: dict[str, int] = field(default_factory=dict)
    areas: tuple[str, ...] = ()
    form: str = "full"
    locale: str = "en"

    def __post_init__(self) -> None:
        checked = CheckupRecord(
            alias=self.alias, role=self.role, relationship=self.relationship,
            bank_version=self.bank_version, answers=self.answers, scores=self.scores,
            flags=[], created_at=self.created_at, form=self.form, locale=self.locale,
        )
        for name in ("alias", "answers", "scores", "created_at"):
            object.__setattr__(self, name, getattr(checked, name))
        object.__setattr__(self, "areas", _checked_areas(self.areas))

    def __repr__(self) -> str:
        # No alias, score or answer: a repr can end up in a log or a traceback.
        return f"CoupleSnapshot(scores={len(self.scores)}, answers={len(self.answers)})"

    @classmethod
    def from_record(
        cls, record: CheckupRecord, *, answers: Collection[str] = (), areas: Collection[str] = ()
    ) -> CoupleSnapshot:
        """The snapshot of a record: its scores, and the answers of the item ids ``answers``.

        The record's flags are left out (never shared); ``areas`` names the chosen areas.
        """
        kept = {item: value for item, value in record.answers.items() if item in answers}
        return cls(
            alias=record.alias, role=record.role, relationship=record.relationship,
            bank_version=record.bank_version, created_at=record.created_at,
            scores=dict(record.scores), answers=kept, areas=tuple(areas),
            form=record.form, locale=record.locale,
        )


def _checked_areas(areas: object) -> tuple[str, ...]:
    if isinstance(areas, str) or not isinstance(areas, (list, tuple)):
        raise InvalidRecord("areas", "storage.problem.must_be_list")
    if len(areas) > MAX_AREAS:
        raise InvalidRecord("areas", "storage.problem.too_many_entries", limit=MAX_AREAS)
    for index, area in enumerate(areas):
        if not isinstance(area, str) or not _AREA.fullmatch(area):
            raise InvalidRecord(f"areas[{index}]", "storage.problem.not_identifier",
                                value=repr(str(area)[:40]))
    return tuple(dict.fromkeys(areas))


def check_withheld(snapshot: CoupleSnapshot, withheld: Collection[str]) -> None:
    """InvalidRecord if the snapshot holds a score, answer or area the caller withholds."""
    if isinstance(withheld, str) or not isinstance(withheld, Collection) or not withheld:
        raise InvalidRecord("withheld", "storage.problem.withheld_needed")
    for name, keys in (("scores", snapshot.scores), ("answers", snapshot.answers),
                       ("areas", snapshot.areas)):
        for key in keys:
            if key in withheld:
                raise InvalidRecord(f"{name}.{key}", "storage.problem.never_shared")


def snapshot_to_payload(snapshot: CoupleSnapshot) -> dict[str, Any]:
    """The JSON-ready content of a snapshot."""
    return {
        "alias": snapshot.alias, "role": snapshot.role, "relationship": snapshot.relationship,
        "bank_version": snapshot.bank_version, "form": snapshot.form, "locale": snapshot.locale,
        "created_at": snapshot.created_at.isoformat(), "scores": dict(snapshot.scores),
        "answers": dict(snapshot.answers), "areas": list(snapshot.areas),
    }


def snapshot_from_payload(payload: object) -> CoupleSnapshot:
    """Rebuild (and re-validate) a snapshot; InvalidRecord names the first bad field."""
    if not isinstance(payload, Mapping):
        raise InvalidRecord("snapshot", "storage.problem.must_be_mapping")
    missing = sorted(_FIELDS - set(payload))
    if missing:
        raise InvalidRecord(missing[0], "storage.problem.missing")
    unknown = sorted(str(key) for key in set(payload) - _FIELDS)
    if unknown:
        raise InvalidRecord(unknown[0][:40], "storage.problem.unexpected")
    created = payload["created_at"]
    if not isinstance(created, str):
        raise InvalidRecord("created_at", "storage.problem.iso_date_time")
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        raise InvalidRecord("created_at", "storage.problem.not_iso_date_time") from None
    areas = payload["areas"]
    values = {name: payload[name] for name in _FIELDS - {"created_at", "areas"}}
    return CoupleSnapshot(
        created_at=when, areas=tuple(areas) if isinstance(areas, list) else areas, **values
    )


@dataclass(frozen=True, repr=False)
class SharedSnapshot:
    """A share as listed: its id, whose (``mine``; ``side`` "a" made the space), when, what."""

    id: str
    mine: bool
    side: str
    shared_at: datetime
    snapshot: CoupleSnapshot

    def __repr__(self) -> str:
        return f"SharedSnapshot(mine={self.mine}, shared_at={self.shared_at.isoformat()!r})"


@dataclass(frozen=True)
class CoupleStatus:
    """A member's couple space: their side, how many members this database holds (1 or 2;
    a partner on another computer is not counted) and a pending code's expiry, if any."""

    side: str
    members: int
    invite_expires_at: datetime | None


@dataclass(frozen=True, repr=False)
class Pairing:
    """A new pairing code (shown once) and the join file for a partner on another computer.

    ``join_file`` is sealed with a key derived from the code: useless without it.
    """

    code: str
    expires_at: datetime
    join_file: str

    def __repr__(self) -> str:
        return f"Pairing(expires_at={self.expires_at.isoformat()!r})"
