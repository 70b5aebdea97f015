"""Practice mode's part of a Session: who is signed in, the open client, the client's intake.

Data only, and light on purpose (no pandas, storage or scoring at import): ``checkup.session``
holds a :class:`PracticeState`; the moves that change it are in ``checkup.practice``. A
therapist's session holds the signed-in ``Staff`` (with the private key it unlocked) in memory
only; signing out or a quick exit drops it with everything derived from it. A client's session
holds the intake code, what the practice told them and their agreement; nothing here is
written anywhere by itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, Protocol

StartMode = Literal["self", "client", "therapist"]

PRACTICE_MODE = "practice"  # the value of TRUSTCHECK_MODE that turns practice mode on
MODE_ENV = "TRUSTCHECK_MODE"
_CODE_LENGTH = 12
_NOT_CODE = re.compile(r"[\s\-]")
_CODE = re.compile(rf"[A-Z0-9]{{{_CODE_LENGTH}}}")


class Staff(Protocol):
    """What the pages read of a signed-in account (storage's ``Staff``, which also holds the
    unlocked private key: it is handed back to ``store.practice`` as it is)."""

    @property
    def role(self) -> str: ...
    @property
    def display_name(self) -> str: ...


class IntakeInfo(Protocol):
    """What a client is told about an intake code (storage's ``IntakeInfo``)."""

    @property
    def practice_name(self) -> str: ...
    @property
    def therapist_name(self) -> str: ...
    @property
    def form(self) -> str: ...
    @property
    def expires_at(self) -> dt.datetime: ...


class UnknownAppMode(ValueError):  # noqa: N818 (reads better at call sites)
    """TRUSTCHECK_MODE holds a value the app does not know (it is not guessed at)."""


@dataclass(frozen=True)
class ShownInvitation:
    """An invitation just made: its code and link are shown once, then forgotten."""

    client_id: str
    code: str = field(repr=False)
    link: str = field(repr=False)
    expires_at: dt.datetime
    form: str


@dataclass(frozen=True)
class Agreement:
    """What a client agreed to on the intake page, and when."""

    agreed_at: dt.datetime
    compare_with_partner: bool


@dataclass(frozen=True)
class PracticeState:
    """The practice-mode part of one browser session (empty in the individual mode)."""

    staff: Staff | None = field(default=None, repr=False)
    active_at: dt.datetime | None = None  # the signed-in person's last action
    client_id: str | None = None  # the client open on the client page
    invitation: ShownInvitation | None = None
    farewell: str | None = None  # catalogue id: why the last sign-in ended (shown once)
    code: str | None = field(default=None, repr=False)  # a client's intake code
    intake: IntakeInfo | None = None  # what the practice tells the client
    agreement: Agreement | None = None
    submitted: bool = False  # the client's answers were handed to the practice


def start_mode(env_value: str | None, intake: str | None) -> StartMode:
    """The mode of a new browser session: ``self`` without TRUSTCHECK_MODE; in practice mode a
    ``client`` when the address carries an intake code, else ``therapist`` (sign-in first)."""
    value = (env_value or "").strip().lower()
    if not value:
        return "self"
    if value != PRACTICE_MODE:
        raise UnknownAppMode(f"{MODE_ENV}={env_value!r}: use {PRACTICE_MODE!r} or leave it unset")
    return "client" if intake is not None and intake.strip() else "therapist"


def clean_code(raw: object) -> str | None:
    """A typed or linked intake code in its plain form (case, spaces and dashes ignored), or
    None when it cannot be a code (the store then needs no look-up)."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    plain = _NOT_CODE.sub("", raw).upper()
    return plain if _CODE.fullmatch(plain) else None
