"""Errors raised by the storage layer, each with a message from the catalogue.

An error carries a stable ``message_id`` (a ``storage.*`` entry of ``locales/<lang>/storage.po``)
and its ``params``; ``message`` is the English text (what callers have always shown) and
``message_in(cat)`` renders it in any catalogue, e.g. ``catalogue("qps-ploc")``. A parameter may
itself be a :class:`Message` (a problem inside "Check-up 3: field 'x' ..."): it is rendered in
the same catalogue. No SQL, no file paths, no traceback text; the original driver exception is
deliberately not chained (it can contain SQL text and bound values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from locales import Catalogue, catalogue

__all__ = [
    "ImportRejected",
    "InvalidRecord",
    "Message",
    "StorageError",
    "StorageUnavailable",
    "TooManyTries",
]


@dataclass(frozen=True)
class Message:
    """A catalogue id and its parameters, rendered only when shown (in the reader's language)."""

    message_id: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    plural: bool = False
    """A plural entry: the form is chosen by the ``count`` parameter."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.message_id, dict(self.params), self.plural))

    def render(self, cat: Catalogue) -> str:
        """The text in ``cat``; nested Messages in the parameters are rendered in ``cat`` too."""
        values = {
            name: value.render(cat) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        if self.plural:
            return cat.plural(self.message_id, int(values["count"]), **values)
        return cat.text(self.message_id, **values)

    def __str__(self) -> str:
        return self.render(catalogue("en"))


class StorageError(Exception):
    """Base class: something about saving or loading check-ups went wrong."""

    def __init__(
        self, message_id: str, /, *, reason: str = "error", plural: bool = False, **params: Any
    ) -> None:
        self.text = Message(message_id, MappingProxyType(params), plural)
        self.reason = reason
        super().__init__(message_id)

    @property
    def message_id(self) -> str:
        """The catalogue id of the message, e.g. ``storage.unavailable.disk_full``."""
        return self.text.message_id

    @property
    def params(self) -> Mapping[str, Any]:
        """The parameters filled into the message after lookup (read-only)."""
        return self.text.params

    @property
    def message(self) -> str:
        """The message in English, safe to show as is."""
        return str(self.text)

    def message_in(self, cat: Catalogue) -> str:
        """The message in the catalogue ``cat``."""
        return self.text.render(cat)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (and copy) by state: the subclasses' __init__ signatures differ.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[StorageError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class StorageUnavailable(StorageError):  # noqa: N818 (name fixed by the app's API)
    """The database cannot be used now: unwritable, disk full, busy, or the server is down.

    ``reason`` is one of ``"unwritable"``, ``"disk_full"``, ``"busy"``, ``"unreachable"``,
    ``"corrupt"`` or ``"error"``, for the app's logs or metrics.
    """


class TooManyTries(StorageError):  # noqa: N818 (reads better at call sites)
    """Too many wrong resume codes were tried lately; every code is refused for a while.

    ``retry_after_minutes`` is how long until codes are accepted again (at least 1); ``reason``
    is ``"too_many_tries"``. The app shows ``message``: a calm "wait and try again", which
    it can tell apart from a wrong code (that gives None, not an error).
    """

    def __init__(self, retry_after_minutes: int) -> None:
        minutes = max(1, int(retry_after_minutes))
        super().__init__(
            "storage.resume.too_many_tries", reason="too_many_tries", plural=True, count=minutes
        )
        self.retry_after_minutes = minutes


class InvalidRecord(StorageError, ValueError):  # noqa: N818 (reads better at call sites)
    """A check-up (or alias, passphrase, draft) given to the store is not valid.

    ``field`` names the offending field, e.g. ``"answers.cling_1"``; ``problem`` says what is
    wrong with it (English; ``problem_text`` is the Message for other languages).
    """

    def __init__(self, field: str, problem_id: str, /, **params: Any) -> None:
        problem = Message(problem_id, MappingProxyType(params))
        super().__init__("storage.invalid.field", reason="invalid", field=field, problem=problem)
        self.field = field
        self.problem_text = problem

    @property
    def problem(self) -> str:
        """What is wrong with the field, in English."""
        return str(self.problem_text)


class ImportRejected(StorageError):  # noqa: N818 (name fixed by the app's API)
    """An import file was refused; the database is unchanged.

    ``checkup`` is the 1-based position of the offending check-up in the file (or None when
    the problem is with the file as a whole) and ``field`` the offending field, if known.
    """

    def __init__(
        self,
        message_id: str,
        /,
        *,
        checkup: int | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(
            message_id, reason="import_rejected", checkup=checkup, field=field, **params
        )
        self.checkup = checkup
        self.field = field
