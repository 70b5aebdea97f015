"""Key derivation and authenticated encryption for protected check-ups and resume drafts.

Protected check-ups: key = Argon2id(passphrase, salt = SHA-256(database salt, alias)[:16]),
OWASP parameters (19 MiB, 2 iterations, parallelism 1). From that key come an opaque owner
tag (HMAC, the only way rows are found) and an AES-256-GCM key. Binding the alias into the
salt means one guess of a stolen database tests one (alias, passphrase) pair, never all people.

Resume drafts: the 60-bit random code itself is the secret; HKDF turns it into a lookup tag
and an AES-GCM key, so the database holds neither the code nor the draft in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "KDF_ITERATIONS",
    "KDF_MEMORY_KIB",
    "KDF_PARALLELISM",
    "RESUME_ALPHABET",
    "BlobError",
    "SealingKey",
    "derive_owner_key",
    "derive_resume_key",
    "new_database_salt",
    "new_resume_code",
    "normalize_resume_code",
]

KDF_MEMORY_KIB = 19 * 1024
KDF_ITERATIONS = 2
KDF_PARALLELISM = 1
RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""32 symbols without look-alikes (no I, O, 0, 1): 12 of them carry 60 bits."""
RESUME_CODE_LENGTH = 12
_BLOB_VERSION = b"\x01"
_NONCE_BYTES = 12
_CODE_SHAPE = re.compile(f"[{RESUME_ALPHABET}]{{{RESUME_CODE_LENGTH}}}")


class BlobError(Exception):
    """A blob failed authentication: wrong key, or the bytes were changed."""


@dataclass(frozen=True, repr=False)
class SealingKey:
    """An AES-GCM key plus the opaque tag under which its owner's rows are stored."""

    tag: str
    _aead: AESGCM
    secret: bytes = field(default=b"", repr=False)
    """Further key material of an owner key (couple membership); empty for other keys."""

    def seal(self, plaintext: bytes, context: str) -> bytes:
        """Encrypt; ``context`` (e.g. the row id) is authenticated so blobs cannot be swapped."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, context.encode())
        return _BLOB_VERSION + nonce + sealed

    def open(self, blob: bytes, context: str) -> bytes:
        """Decrypt and authenticate a blob from ``seal``; raise BlobError on any mismatch."""
        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _BLOB_VERSION:
            raise BlobError("unknown blob format")
        nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, context.encode())
        except InvalidTag:
            raise BlobError("blob failed authentication") from None

    def __repr__(self) -> str:
        return "SealingKey(<secret>)"


def new_database_salt() -> bytes:
    """16 random bytes, created once per database."""
    return secrets.token_bytes(16)


def derive_owner_key(passphrase: str, alias_key: str, database_salt: bytes) -> SealingKey:
    """Argon2id key for (alias, passphrase): a tag for lookups and an AES-256-GCM key."""
    salt = hashlib.sha256(database_salt + b"\x00" + alias_key.encode()).digest()[:16]
    master = hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=KDF_ITERATIONS,
        memory_cost=KDF_MEMORY_KIB,
        parallelism=KDF_PARALLELISM,
        hash_len=32,
        type=Type.ID,
    )
    tag = hmac.new(master, b"trust-checkup owner v1", hashlib.sha256).hexdigest()
    enc = hmac.new(master, b"trust-checkup encrypt v1", hashlib.sha256).digest()
    couple = hmac.new(master, b"trust-checkup couple v1", hashlib.sha256).digest()
    return SealingKey(tag=f"p:{tag}", _aead=AESGCM(enc), secret=couple)


def new_resume_code() -> str:
    """A fresh code like ``ABCD-EFGH-JKLM`` from the unambiguous alphabet."""
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RESUME_CODE_LENGTH, 4))


def normalize_resume_code(code: object) -> str | None:
    """Canonical form of a typed code (case, spaces and dashes ignored), or None if malformed."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    compact = re.sub(r"[\s\-]", "", code).upper()
    return compact if _CODE_SHAPE.fullmatch(compact) else None


def derive_resume_key(normalized_code: str, database_salt: bytes) -> SealingKey:
    """HKDF-SHA256 of a normalized resume code: a lookup tag and an AES-256-GCM key."""
    material = HKDF(
        algorithm=hashes.SHA256(),
        length=64,
        salt=database_salt,
        info=b"trust-checkup resume v1",
    ).derive(normalized_code.encode())
    return SealingKey(tag=material[:32].hex(), _aead=AESGCM(material[32:]))
