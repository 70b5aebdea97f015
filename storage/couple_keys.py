"""Keys of a couple space (envelope encryption; design in docs/storage.md, "Couples").

- The couple key: 32 random bytes (AES-256-GCM) that seals every shared snapshot.
- A member's keys come from their Argon2id owner key (``SealingKey.secret``): an opaque
  member tag (how their membership is found, unrelated to ``persons.lookup``) and a wrapping
  key that seals the couple key for them. Only the passphrase opens it.
- A pairing code (60 random bits) gives, by HKDF with the database salt, the invite's lookup
  tag and the key that seals the couple key until the partner joins (like resume codes).
- A join file (partners on two computers) is sealed with Argon2id(code, the file's own random
  salt): the file can be attacked offline, without the database's limit on wrong codes, so
  each guess costs one Argon2id on top of the 60 bits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.crypto import KDF_ITERATIONS, KDF_MEMORY_KIB, KDF_PARALLELISM, SealingKey

__all__ = [
    "COUPLE_KEY_BYTES",
    "couple_sealer",
    "file_key",
    "invite_key",
    "member_keys",
    "new_couple_key",
    "new_file_salt",
]

COUPLE_KEY_BYTES = 32
FILE_SALT_BYTES = 16


def new_couple_key() -> bytes:
    """A fresh random 256-bit couple key."""
    return secrets.token_bytes(COUPLE_KEY_BYTES)


def couple_sealer(key: bytes) -> SealingKey:
    """The AES-GCM sealer of a couple key (no lookup tag: shares are found by couple id)."""
    return SealingKey(tag="", _aead=AESGCM(key))


def member_keys(owner_key: SealingKey) -> tuple[str, SealingKey]:
    """(member tag, wrapping key) of a protected owner; both need the passphrase."""
    if not owner_key.secret:
        raise ValueError("not an owner key")
    tag = hmac.new(owner_key.secret, b"member tag v1", hashlib.sha256).hexdigest()
    wrap = hmac.new(owner_key.secret, b"member wrap v1", hashlib.sha256).digest()
    return tag, SealingKey(tag="", _aead=AESGCM(wrap))


def invite_key(normalized_code: str, database_salt: bytes) -> SealingKey:
    """HKDF-SHA256 of a normalized pairing code: the invite's tag and its AES-GCM key."""
    material = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=database_salt,
        info=b"trust-checkup couple invite v1",
    ).derive(normalized_code.encode())
    return SealingKey(tag=material[:32].hex(), _aead=AESGCM(material[32:]))


def new_file_salt() -> bytes:
    """The random salt of one join file."""
    return secrets.token_bytes(FILE_SALT_BYTES)


def file_key(normalized_code: str, salt: bytes) -> SealingKey:
    """Argon2id of a pairing code with a join file's salt (offline guesses cost one each)."""
    raw = hash_secret_raw(
        normalized_code.encode(), salt, time_cost=KDF_ITERATIONS, memory_cost=KDF_MEMORY_KIB,
        parallelism=KDF_PARALLELISM, hash_len=32, type=Type.ID,
    )
    return SealingKey(tag="", _aead=AESGCM(raw))
