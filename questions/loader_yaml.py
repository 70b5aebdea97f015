"""YAML parsing for every loader of the project (bank, rules, report content).

libyaml's C parser (``yaml.CSafeLoader``) where PyYAML was built with it, the pure-Python
``SafeLoader`` otherwise: the same documents and errors, about ten times faster. Parsing the
bank, the rules and the report content was ~0.25 s of every command-line run (issue 13).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from questions.errors import BankError

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The safe loader to use: C where available (same safe subset of YAML as SafeLoader)."""


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available.

    A document the C parser rejects is parsed again by the pure-Python one, so the error (its
    line and problem) reads exactly as before; errors are rare, so this costs nothing.
    """
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as fast_error:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
        try:
            return yaml.safe_load(text)  # its own error (or its document, should they differ)
        except RecursionError:  # too deep for the pure parser: the C parser's error stands
            raise fast_error from None


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse one bank YAML file into a mapping, or raise BankError naming the file and line."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BankError(path, "file", f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise BankError(path, f"byte {exc.start}", "is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise BankError(
            path, where, f"is not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    if not isinstance(data, dict):
        raise BankError(path, "file", "must hold a mapping at the top level")
    return data
