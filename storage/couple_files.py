"""Couple files: the join file (pairing on two computers) and the share file.

Both are a small JSON envelope ``{"format", "format_version", "sealed"[, "salt"]}`` whose
``sealed`` (base64) is AES-GCM under a key the holder must have: the join file's key comes
from the pairing code (Argon2id with the file's ``salt``), the share file's is the couple key.
The envelope says nothing else: no alias, no score, no couple id. Files are hostile until
opened: size, text, JSON and shape are checked first, and only ``ImportRejected`` comes out.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from storage.crypto import BlobError, SealingKey
from storage.errors import ImportRejected
from storage.importer import _decode, readable_text
from storage.rows import dumps

__all__ = [
    "FILE_VERSION",
    "JOIN_FORMAT",
    "MAX_FILE_CHARS",
    "SHARE_FORMAT",
    "open_file",
    "read_envelope",
    "seal_file",
]

JOIN_FORMAT = "trust-checkup-couple-join"
SHARE_FORMAT = "trust-checkup-couple-share"
FILE_VERSION = 1
MAX_FILE_CHARS = 1024 * 1024
_MAX_SEALED = 900 * 1024
_FIELDS = {JOIN_FORMAT: {"format", "format_version", "salt", "sealed"},
           SHARE_FORMAT: {"format", "format_version", "sealed"}}
_NOT_THIS = {JOIN_FORMAT: "storage.couple_file.not_join",
             SHARE_FORMAT: "storage.couple_file.not_share"}


def seal_file(format_name: str, key: SealingKey, content: dict[str, Any],
              salt: bytes | None = None) -> str:
    """The text of a couple file holding ``content`` sealed with ``key``."""
    envelope: dict[str, Any] = {"format": format_name, "format_version": FILE_VERSION}
    if salt is not None:
        envelope["salt"] = base64.b64encode(salt).decode()
    sealed = key.seal(dumps(content).encode(), format_name)
    envelope["sealed"] = base64.b64encode(sealed).decode()
    return json.dumps(envelope, indent=2, sort_keys=True)


def _b64(envelope: dict[str, Any], name: str, format_name: str) -> bytes:
    value = envelope.get(name)
    if not isinstance(value, str) or len(value) > _MAX_SEALED:
        raise ImportRejected("storage.couple_file.damaged", field=name)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ImportRejected("storage.couple_file.damaged", field=name) from None


def read_envelope(text: object, format_name: str) -> tuple[bytes | None, bytes]:
    """(salt, sealed bytes) of a couple file of ``format_name``, or ImportRejected."""
    ids = ("storage.couple_file.not_text", "storage.couple_file.too_large",
           "storage.couple_file.bad_text")
    envelope = _decode(readable_text(text, MAX_FILE_CHARS, ids))
    if not isinstance(envelope, dict) or envelope.get("format") != format_name:
        raise ImportRejected(_NOT_THIS[format_name], field="format")
    version = envelope.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRejected("storage.couple_file.damaged", field="format_version")
    if version > FILE_VERSION:
        raise ImportRejected("storage.couple_file.newer", field="format_version",
                             version=version, supported=FILE_VERSION)
    if set(envelope) != _FIELDS[format_name]:
        raise ImportRejected("storage.couple_file.damaged", field="(document)")
    salt = _b64(envelope, "salt", format_name) if "salt" in envelope else None
    return salt, _b64(envelope, "sealed", format_name)


def open_file(key: SealingKey, sealed: bytes, format_name: str) -> dict[str, Any] | None:
    """The content of a sealed couple file; None if ``key`` does not open it."""
    try:
        plain = key.open(sealed, format_name)
    except BlobError:
        return None
    try:
        content = _decode(plain.decode())
    except UnicodeDecodeError:
        raise ImportRejected("storage.couple_file.damaged", field="sealed") from None
    if not isinstance(content, dict):
        raise ImportRejected("storage.couple_file.damaged", field="sealed")
    return content
