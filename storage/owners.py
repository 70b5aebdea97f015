"""Whose rows: from a Principal to the ``rows.Owner`` (lookup value and sealing key).

Passphrases are normalised to NFC before key derivation, so "é" typed as one code point or
as "e" plus a combining accent opens the same check-ups. Saves made before this (keyed by
the passphrase exactly as typed) still open: when a passphrase has other normal forms, the
keys of those forms are derived too and the one that already has a person is used.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.engine import Connection

from storage.crypto import derive_owner_key
from storage.errors import InvalidRecord
from storage.models import Person
from storage.principal import Principal
from storage.rows import Owner

__all__ = ["MIN_PASSPHRASE_LENGTH", "owner_candidates", "pick_owner"]

MIN_PASSPHRASE_LENGTH = 8


def _forms(passphrase: str) -> list[str]:
    """NFC first (what new saves use), then the typed form and NFD, without repeats."""
    nfc = unicodedata.normalize("NFC", passphrase)
    return list(dict.fromkeys([nfc, passphrase, unicodedata.normalize("NFD", passphrase)]))


def owner_candidates(principal: object, salt: bytes, *, saving: bool = False) -> list[Owner]:
    """The possible owners of a principal's rows, the preferred (NFC) one first."""
    if not isinstance(principal, Principal):
        raise InvalidRecord("principal", "storage.problem.not_principal")
    passphrase = principal.passphrase
    if passphrase is None:
        return [Owner(lookup=f"a:{principal.key}", alias=principal.alias, key=None)]
    forms = _forms(passphrase)
    if saving and len(forms[0]) < MIN_PASSPHRASE_LENGTH:
        raise InvalidRecord("passphrase", "storage.problem.too_short", limit=MIN_PASSPHRASE_LENGTH)
    keys = [derive_owner_key(form, principal.key, salt) for form in forms]
    return [Owner(lookup=key.tag, alias=principal.alias, key=key) for key in keys]


def pick_owner(conn: Connection, candidates: list[Owner]) -> Owner:
    """The first candidate that already has a person row, else the preferred one."""
    if len(candidates) == 1:
        return candidates[0]
    lookups = [owner.lookup for owner in candidates]
    found = set(conn.execute(select(Person.lookup).where(Person.lookup.in_(lookups))).scalars())
    return next((owner for owner in candidates if owner.lookup in found), candidates[0])
