"""Who is acting on saved check-ups: a ``Principal``.

The only kind is a person, found by alias and, if their check-ups are protected, a
passphrase; every ``Store`` method that touches a person's check-ups takes a ``Principal``.
A couple member is the same protected person acting on ``store.couples``. A therapist or
administrator of a practice is not a Principal: ``store.practice.sign_in`` gives a ``Staff``
(``practice_values``), which holds the unlocked key and is checked on every call.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar

from storage.errors import InvalidRecord
from storage.records import normalize_alias

__all__ = ["MAX_PASSPHRASE_LENGTH", "PRINCIPAL_KINDS", "Principal"]

MAX_PASSPHRASE_LENGTH = 1024
"""Longest passphrase accepted (characters); longer input is refused, not hashed."""

PRINCIPAL_KINDS = ("person",)
"""Kinds of principal this version knows (practice staff are ``Staff``, not principals)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """A person acting on their own check-ups: alias and optional passphrase.

    The alias is kept as typed (trimmed); lookups case-fold it. An empty passphrase means
    none. ``repr`` shows neither the passphrase nor the alias, only whether it is protected.
    """

    alias: str
    passphrase: str | None = field(default=None, repr=False)
    key: str = field(init=False, repr=False, compare=False)
    """The lookup form of the alias (NFC, trimmed, case-folded), computed once."""
    kind: ClassVar[str] = "person"

    def __post_init__(self) -> None:
        # normalize_alias raises InvalidRecord("alias", ...) when the alias is not usable
        object.__setattr__(self, "key", normalize_alias(self.alias))
        object.__setattr__(self, "alias", self.alias.strip())
        if self.passphrase is not None and not isinstance(self.passphrase, str):
            raise InvalidRecord("passphrase", "storage.problem.must_be_text")
        if self.passphrase and len(self.passphrase) > MAX_PASSPHRASE_LENGTH:
            raise InvalidRecord(
                "passphrase", "storage.problem.too_long", limit=MAX_PASSPHRASE_LENGTH
            )
        if self.passphrase and any(unicodedata.category(ch) == "Cs" for ch in self.passphrase):
            raise InvalidRecord("passphrase", "storage.problem.bad_text")  # cannot be UTF-8
        if self.passphrase == "":
            object.__setattr__(self, "passphrase", None)

    @property
    def protected(self) -> bool:
        """True when a passphrase is given (the check-ups are sealed with it)."""
        return self.passphrase is not None

    def __repr__(self) -> str:
        # Neither the passphrase nor the alias: a repr can end up in a log or a traceback.
        return f"Principal(kind={self.kind!r}, protected={self.protected})"
