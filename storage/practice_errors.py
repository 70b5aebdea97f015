"""Errors of practice mode (``store.practice``), each with a ``storage.practice.*`` message.

They are ``StorageError`` subclasses, so the app shows ``message`` (or ``message_in(cat)``)
as for every other storage error. The texts are deliberately plain and equal for cases an
outsider must not tell apart: an unknown user and a wrong password, another therapist's
client and a client that does not exist, an unknown, expired and used intake code.
"""

from __future__ import annotations

from storage.errors import StorageError

__all__ = [
    "AccessDenied",
    "AccountLocked",
    "ClientNotFound",
    "IntakeUnavailable",
    "PracticeNotReady",
    "RecoveryFailed",
    "SignInFailed",
]


class SignInFailed(StorageError):  # noqa: N818 (reads better at call sites)
    """Unknown user, wrong password or disabled account: one message for all three."""

    def __init__(self) -> None:
        super().__init__("storage.practice.sign_in_failed", reason="sign_in_failed")


class AccountLocked(StorageError):  # noqa: N818 (reads better at call sites)
    """Too many wrong passwords lately; ``retry_after_minutes`` until sign-in works again."""

    def __init__(self, retry_after_minutes: int) -> None:
        minutes = max(1, int(retry_after_minutes))
        super().__init__(
            "storage.practice.locked", reason="locked", plural=True, count=minutes
        )
        self.retry_after_minutes = minutes


class ClientNotFound(StorageError):  # noqa: N818 (reads better at call sites)
    """No such client among the therapist's own (another therapist's gives the same)."""

    def __init__(self) -> None:
        super().__init__("storage.practice.client_not_found", reason="not_found")


class IntakeUnavailable(StorageError):  # noqa: N818 (reads better at call sites)
    """The intake code opens nothing: unknown, expired or already used (one message)."""

    def __init__(self) -> None:
        super().__init__("storage.practice.intake_unavailable", reason="intake_unavailable")


class AccessDenied(StorageError):  # noqa: N818 (reads better at call sites)
    """The acting account may not do this: an admin on client data, a therapist on
    accounts, a disabled account, or a ``Staff`` value that no sign-in made.

    ``reason``: ``therapists_only``, ``admins_only``, ``disabled`` or ``not_signed_in``.
    """


def therapists_only() -> AccessDenied:
    """Client data is for therapists (an administrator sees no answers)."""
    return AccessDenied("storage.practice.therapists_only", reason="therapists_only")


def admins_only() -> AccessDenied:
    """Accounts and the audit log are for administrators."""
    return AccessDenied("storage.practice.admins_only", reason="admins_only")


def account_disabled() -> AccessDenied:
    """The account was disabled after it signed in."""
    return AccessDenied("storage.practice.account_disabled", reason="disabled")


def not_signed_in() -> AccessDenied:
    """Not a ``Staff`` from ``sign_in`` of this process."""
    return AccessDenied("storage.practice.not_signed_in", reason="not_signed_in")


class PracticeNotReady(StorageError):  # noqa: N818 (reads better at call sites)
    """``init`` has not run on this database (or has already: ``reason`` says which)."""


def not_initialised() -> PracticeNotReady:
    return PracticeNotReady("storage.practice.not_initialised", reason="not_initialised")


def already_initialised() -> PracticeNotReady:
    return PracticeNotReady("storage.practice.already_initialised", reason="initialised")


class RecoveryFailed(StorageError):  # noqa: N818 (reads better at call sites)
    """The recovery key is malformed (``reason`` ``malformed``) or not this practice's
    (``wrong``); nothing was changed."""


def recovery_malformed() -> RecoveryFailed:
    return RecoveryFailed("storage.practice.recovery_malformed", reason="malformed")


def recovery_wrong() -> RecoveryFailed:
    return RecoveryFailed("storage.practice.recovery_wrong", reason="wrong")
