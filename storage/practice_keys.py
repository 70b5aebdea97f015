"""Keys of practice mode (design: docs/practice.md, "Keys").

- A staff password gives, by Argon2id with the account's own random salt (the OWASP
  parameters of ``storage.crypto``), a verifier (stored, compared in constant time) and a
  wrapping key that seals the therapist's X25519 private key (AES-256-GCM).
- Client data is sealed in an *envelope*: a fresh AES-256-GCM data key seals the content; the
  data key is wrapped for each recipient (the therapist's and the practice's recovery public
  key) with ECIES: an ephemeral X25519 key, HKDF-SHA256 of the shared secret, AES-GCM.
  The client needs no secret; only a recipient's private key opens it.
- The recovery private key is shown once as text (base32 with a checksum), never stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.crypto import KDF_ITERATIONS, KDF_MEMORY_KIB, KDF_PARALLELISM, BlobError

__all__ = [
    "Opener",
    "PasswordKeys",
    "code_tag",
    "key_id",
    "new_key_pair",
    "new_salt",
    "open_envelope",
    "open_private",
    "opener",
    "password_keys",
    "private_from_raw",
    "public_bytes",
    "recovery_key_from_text",
    "recovery_key_text",
    "rewrap",
    "seal_envelope",
    "seal_private",
]

SALT_BYTES = 16
_KEY_BYTES = 32
_NONCE = 12
_KID = 8
_WRAP = _KID + 32 + _NONCE + _KEY_BYTES + 16  # kid, ephemeral public key, nonce, wrapped key
_ENVELOPE_VERSION = b"\x01"
_WRAP_INFO = b"trust-checkup practice wrap v1"
_RECOVERY_PREFIX = "TCRK"
_CHECKSUM = 3


@dataclass(frozen=True, repr=False)
class PasswordKeys:
    """What a password gives for one account: the stored verifier and the wrapping key."""

    verifier: bytes
    wrap: bytes

    def __repr__(self) -> str:
        return "PasswordKeys(<secret>)"


def new_salt() -> bytes:
    """A fresh per-account salt."""
    return secrets.token_bytes(SALT_BYTES)


def password_keys(password: str, salt: bytes) -> PasswordKeys:
    """Argon2id(NFC(password), salt), OWASP parameters; one derivation per sign-in."""
    master = hash_secret_raw(
        unicodedata.normalize("NFC", password).encode(), salt, time_cost=KDF_ITERATIONS,
        memory_cost=KDF_MEMORY_KIB, parallelism=KDF_PARALLELISM, hash_len=32, type=Type.ID,
    )
    verifier = hmac.new(master, b"trust-checkup staff verify v1", hashlib.sha256).digest()
    wrap = hmac.new(master, b"trust-checkup staff wrap v1", hashlib.sha256).digest()
    return PasswordKeys(verifier, wrap)


def new_key_pair() -> X25519PrivateKey:
    """A fresh X25519 private key (its public half by ``.public_key()``)."""
    return X25519PrivateKey.generate()


def public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key (of a private key's public half)."""
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes_raw()


def private_from_raw(raw: bytes) -> X25519PrivateKey:
    """A private key from its 32 raw bytes; ValueError if not 32 bytes."""
    return X25519PrivateKey.from_private_bytes(raw)


def key_id(public: bytes) -> bytes:
    """The 8-byte id of a recipient in an envelope (SHA-256 of its public key)."""
    return hashlib.sha256(public).digest()[:_KID]


def _seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def _open(key: bytes, blob: bytes, context: str) -> bytes:
    if len(blob) < _NONCE + 16:
        raise BlobError("too short")
    try:
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], context.encode())
    except InvalidTag:
        raise BlobError("failed authentication") from None


def seal_private(private: X25519PrivateKey, wrap: bytes, context: str) -> bytes:
    """The private key sealed under a password's wrapping key (bound to ``context``)."""
    return _seal(wrap, private.private_bytes_raw(), context)


def open_private(sealed: bytes, wrap: bytes, context: str) -> X25519PrivateKey:
    """The private key back; BlobError for a wrong key or changed bytes."""
    return private_from_raw(_open(wrap, sealed, context))


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_BYTES, salt=None,
                info=_WRAP_INFO + ephemeral + recipient).derive(shared)


def _wrap_for(data_key: bytes, recipient: bytes, context: str) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    epub = public_bytes(ephemeral)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    return key_id(recipient) + epub + _seal(_kek(shared, epub, recipient), data_key, context)


def _split(blob: bytes) -> tuple[list[bytes], bytes]:
    """(wrapped keys, sealed content) of an envelope; BlobError if malformed."""
    if len(blob) < 2 or blob[:1] != _ENVELOPE_VERSION:
        raise BlobError("not an envelope")
    count = blob[1]
    body = blob[2 + count * _WRAP:]
    if count == 0 or len(body) < _NONCE + 16:
        raise BlobError("not an envelope")
    return [blob[2 + n * _WRAP: 2 + (n + 1) * _WRAP] for n in range(count)], body


def _join(wraps: list[bytes], body: bytes) -> bytes:
    return _ENVELOPE_VERSION + bytes([len(wraps)]) + b"".join(wraps) + body


def seal_envelope(plaintext: bytes, recipients: list[bytes], context: str) -> bytes:
    """Seal ``plaintext`` with a fresh data key wrapped for each recipient public key."""
    data_key = AESGCM.generate_key(bit_length=256)
    wraps = [_wrap_for(data_key, public, context) for public in recipients]
    return _join(wraps, _seal(data_key, plaintext, context))


@dataclass(frozen=True, repr=False)
class Opener:
    """A private key with its public half and recipient id worked out once (a roster opens
    hundreds of envelopes with one key; deriving the public key costs as much as the
    exchange)."""

    private: X25519PrivateKey
    public: bytes
    kid: bytes

    def __repr__(self) -> str:
        return "Opener(<secret>)"


def opener(key: X25519PrivateKey | Opener) -> Opener:
    """The ``Opener`` of a private key (unchanged if it already is one)."""
    if isinstance(key, Opener):
        return key
    public = public_bytes(key)
    return Opener(key, public, key_id(public))


def _data_key(wraps: list[bytes], key: X25519PrivateKey | Opener, context: str) -> bytes:
    mine = opener(key)
    for wrap in wraps:
        if wrap[:_KID] == mine.kid:
            epub = wrap[_KID:_KID + 32]
            shared = mine.private.exchange(X25519PublicKey.from_public_bytes(epub))
            return _open(_kek(shared, epub, mine.public), wrap[_KID + 32:], context)
    raise BlobError("not a recipient")


def open_envelope(blob: bytes, private: X25519PrivateKey | Opener, context: str) -> bytes:
    """The content of an envelope for one of its recipients; BlobError otherwise."""
    wraps, body = _split(blob)
    return _open(_data_key(wraps, private, context), body, context)


def rewrap(blob: bytes, key: X25519PrivateKey | Opener, old: bytes, new: bytes,
           context: str) -> bytes:
    """The envelope with recipient ``old`` replaced by ``new`` (``key`` is a recipient).

    The content and the other recipients' wraps are kept; BlobError if ``key`` cannot open.
    """
    wraps, body = _split(blob)
    data_key = _data_key(wraps, key, context)
    _open(data_key, body, context)  # authenticate before re-sealing
    kept = [wrap for wrap in wraps if wrap[:_KID] != key_id(old)]
    return _join([*kept, _wrap_for(data_key, new, context)], body)


def recovery_key_text(private: X25519PrivateKey) -> str:
    """The recovery private key as text: ``TCRK-`` and base32 groups of 5, with a checksum."""
    raw = private.private_bytes_raw()
    packed = base64.b32encode(raw + hashlib.sha256(raw).digest()[:_CHECKSUM]).decode()
    return "-".join([_RECOVERY_PREFIX, *(packed[i:i + 5] for i in range(0, len(packed), 5))])


def recovery_key_from_text(text: object) -> X25519PrivateKey | None:
    """The private key from typed recovery text (case, spaces, dashes ignored); None if it is
    malformed or its checksum fails."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    compact = re.sub(r"[\s\-]", "", text).upper().removeprefix(_RECOVERY_PREFIX)
    try:
        packed = base64.b32decode(compact, casefold=False)
    except (binascii.Error, ValueError):
        return None
    raw, check = packed[:_KEY_BYTES], packed[_KEY_BYTES:]
    if len(raw) != _KEY_BYTES or check != hashlib.sha256(raw).digest()[:_CHECKSUM]:
        return None
    return private_from_raw(raw)


def code_tag(normalized_code: str, database_salt: bytes) -> str:
    """The stored form of an intake code: HKDF-SHA256 with the database salt (hex)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=database_salt,
                info=b"trust-checkup intake v1").derive(normalized_code.encode()).hex()


def lookup_tag(kind: str, name: str, database_salt: bytes) -> str:
    """An opaque key for counting sign-in failures of a user name or email (known or not)."""
    return hmac.new(database_salt, f"{kind}:{name}".encode(), hashlib.sha256).hexdigest()
