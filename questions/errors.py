"""The one error of the question bank's loader."""

from __future__ import annotations

from pathlib import Path


class BankError(ValueError):
    """The question bank is malformed; the message names the file and the item (or id)."""

    def __init__(self, file: Path | str, where: str, problem: str) -> None:
        self.file = str(file)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.file}: {where}: {problem}")
