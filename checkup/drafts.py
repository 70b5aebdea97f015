"""Plain logic of resume drafts: what is kept under a code, and checking it on the way back.

Light on purpose (no pandas, plotly or storage imports): the welcome and questions pages
use it, and they should open fast.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from questions import RELATIONSHIPS, ROLES, Bank

DRAFT_VERSION = 1
DRAFT_DAYS = 7
"""How long a code works after its last update (storage.resume.DEFAULT_TTL)."""
_NOT_CODE = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True)
class Draft:
    """An unfinished check-up, as kept under a resume code."""

    role: str
    relationship: str
    alias: str | None
    answers: dict[str, int]
    page: int

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready draft given to the store."""
        return {
            "version": DRAFT_VERSION,
            "role": self.role,
            "relationship": self.relationship,
            "alias": self.alias,
            "answers": dict(self.answers),
            "page": self.page,
        }


def _answers(raw: object, bank: Bank, role: str) -> dict[str, int] | None:
    if not isinstance(raw, dict):
        return None
    asked = {item.id: item for item in bank.items_for(role)}
    for key, value in raw.items():
        item = asked.get(key)
        if item is None or type(value) is not int or value not in item.scale.points:
            return None
    return dict(raw)


def read_draft(raw: object, bank: Bank) -> Draft | None:
    """A checked draft from the store, or None when it does not fit this bank."""
    if not isinstance(raw, dict) or raw.get("version") != DRAFT_VERSION:
        return None
    role, relationship, alias = raw.get("role"), raw.get("relationship"), raw.get("alias")
    page = raw.get("page")
    if role not in ROLES or relationship not in RELATIONSHIPS:
        return None
    if not (alias is None or isinstance(alias, str)):
        return None
    if type(page) is not int or page < 0:
        return None
    answers = _answers(raw.get("answers"), bank, str(role))
    if answers is None:
        return None
    return Draft(str(role), str(relationship), alias, answers, page)


def display_code(code: str) -> str:
    """A code as shown: upper case in groups of four, ``ABCD-EFGH-JKLM``."""
    plain = _NOT_CODE.sub("", code).upper()
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def expiry(now: dt.datetime | None = None) -> dt.datetime:
    """When a code written now stops working."""
    return (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=DRAFT_DAYS)


def expiry_text(expires: dt.datetime, babel_locale: str) -> str:
    """``Monday 30 November`` in this computer's time zone, in the given language."""
    return format_date(expires.astimezone(), "EEEE d MMMM", locale=babel_locale)
