"""The one error the command line turns into a line on stderr and an exit status."""

from __future__ import annotations

from typing import Any

from locales import Catalogue

BAD_INPUT = 2
UNAVAILABLE = 1


class CliError(Exception):
    """Something the administrator must change: a catalogue message and the exit status.

    ``code`` is 2 (bad input: an argument, a file, a password) or 1 (the database or a tool it
    needs cannot be used now). ``params`` fill the message's fields after lookup.
    """

    def __init__(self, message_id: str, /, *, code: int = BAD_INPUT, **params: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.code = code
        self.params = params

    def render(self, cat: Catalogue) -> str:
        """The message in ``cat``."""
        return cat.text(self.message_id, **self.params)
