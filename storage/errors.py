"""Errors raised by the storage layer.

Every error carries a short, user-facing ``message`` that the app can show as is: no SQL,
no file paths, no traceback text. The original driver exception is deliberately not chained
(it can contain SQL text and bound values).
"""

from __future__ import annotations

__all__ = [
    "ImportRejected",
    "InvalidRecord",
    "StorageError",
    "StorageUnavailable",
]


class StorageError(Exception):
    """Base class: something about saving or loading check-ups went wrong."""

    def __init__(self, message: str, *, reason: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason

    def __str__(self) -> str:
        return self.message


class StorageUnavailable(StorageError):  # noqa: N818 (name fixed by the app's API)
    """The database cannot be used now: unwritable, disk full, busy, or the server is down.

    ``reason`` is one of ``"unwritable"``, ``"disk_full"``, ``"busy"``, ``"unreachable"``,
    ``"corrupt"`` or ``"error"``, for the app's logs or metrics.
    """


class InvalidRecord(StorageError, ValueError):  # noqa: N818 (reads better at call sites)
    """A check-up (or alias, passphrase, draft) given to the store is not valid.

    ``field`` names the offending field, e.g. ``"answers.cling_1"``.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}", reason="invalid")
        self.field = field
        self.problem = problem


class ImportRejected(StorageError):  # noqa: N818 (name fixed by the app's API)
    """An import file was refused; the database is unchanged.

    ``checkup`` is the 1-based position of the offending check-up in the file (or None when
    the problem is with the file as a whole) and ``field`` the offending field, if known.
    """

    def __init__(
        self, message: str, *, checkup: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, reason="import_rejected")
        self.checkup = checkup
        self.field = field
