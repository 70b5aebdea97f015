"""The practice's cryptography without a database: envelopes, rewrapping, recovery text."""

from __future__ import annotations

import pytest

from storage.crypto import BlobError
from storage.practice_keys import (
    new_key_pair,
    open_envelope,
    open_private,
    opener,
    password_keys,
    public_bytes,
    recovery_key_from_text,
    recovery_key_text,
    rewrap,
    seal_envelope,
    seal_private,
)

SECRET = b"answers: zqsecret"


def test_each_recipient_opens_an_envelope_and_nobody_else() -> None:
    therapist, recovery, stranger = new_key_pair(), new_key_pair(), new_key_pair()
    blob = seal_envelope(SECRET, [public_bytes(therapist), public_bytes(recovery)], "row:1")
    assert SECRET not in blob
    assert open_envelope(blob, therapist, "row:1") == SECRET
    assert open_envelope(blob, opener(recovery), "row:1") == SECRET
    for key, context in ((stranger, "row:1"), (therapist, "row:2")):
        with pytest.raises(BlobError):
            open_envelope(blob, key, context)
    for at in (1, 10, 60, len(blob) - 1):  # any changed byte fails authentication
        damaged = bytearray(blob)
        damaged[at] ^= 1
        with pytest.raises((BlobError, ValueError)):
            open_envelope(bytes(damaged), therapist, "row:1")
    with pytest.raises(BlobError):
        open_envelope(b"", therapist, "row:1")


def test_rewrap_replaces_the_old_recipient_and_keeps_the_content() -> None:
    old, recovery, new = new_key_pair(), new_key_pair(), new_key_pair()
    blob = seal_envelope(SECRET, [public_bytes(old), public_bytes(recovery)], "row:1")
    again = rewrap(blob, recovery, public_bytes(old), public_bytes(new), "row:1")
    assert open_envelope(again, new, "row:1") == SECRET
    assert open_envelope(again, recovery, "row:1") == SECRET
    with pytest.raises(BlobError):
        open_envelope(again, old, "row:1")
    with pytest.raises(BlobError):
        rewrap(blob, new, public_bytes(old), public_bytes(new), "row:1")  # not a recipient


def test_the_private_key_opens_only_with_the_password() -> None:
    salt = bytes(range(16))
    key = new_key_pair()
    sealed = seal_private(key, password_keys("right-password-1", salt).wrap, "staff-key:a")
    opened = open_private(sealed, password_keys("right-password-1", salt).wrap, "staff-key:a")
    assert opened.private_bytes_raw() == key.private_bytes_raw()
    with pytest.raises(BlobError):
        open_private(sealed, password_keys("wrong-password-1", salt).wrap, "staff-key:a")
    # NFC: the same password typed with a combining accent
    assert password_keys("caf\u00e9-password", salt).verifier == password_keys(
        "cafe\u0301-password", salt).verifier
    assert "right" not in repr(password_keys("right-password-1", salt))


def test_recovery_text_round_trips_and_catches_typos() -> None:
    key = new_key_pair()
    text = recovery_key_text(key)
    assert text.startswith("TCRK-") and len(text.replace("-", "")) == 4 + 56
    for typed in (text, text.lower(), text.replace("-", " "), text.removeprefix("TCRK-")):
        found = recovery_key_from_text(typed)
        assert found is not None and found.private_bytes_raw() == key.private_bytes_raw()
    typo = text[:-3] + ("A" if text[-3] != "A" else "B") + text[-2:]  # one symbol mistyped
    for bad in (typo, text[:-1], text + "A", "", "TCRK", "x" * 500, None, 42):
        assert recovery_key_from_text(bad) is None
