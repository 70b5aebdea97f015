"""Checks for the report's YAML: each names the file and the entry it found wrong.

Shared by the content loader (:mod:`reports.content`); every failure is a
:class:`ContentError` with one line of text, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from questions.loader_yaml import safe_load


class ContentError(ValueError):
    """The report content is malformed or a word is missing; the message names file and entry."""


def fail(where: str, problem: str) -> ContentError:
    return ContentError(f"{where}: {problem}")


def name(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(where, f"'{key}' must be non-empty text")
    if not value.isidentifier() or not value.islower():
        raise fail(where, f"'{key}' must be a lower-case name (letters, digits, _), got {value!r}")
    return value


def choices(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str
) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not set(value) <= set(allowed):
        raise fail(where, f"'{key}' must be a non-empty list of {list(allowed)}, got {value!r}")
    return tuple(str(v) for v in value)


def flag(raw: Mapping[str, Any], key: str, where: str, default: bool | None = None) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise fail(where, f"'{key}' must be true or false")
    return value


def keys(raw: Any, required: frozenset[str], optional: frozenset[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise fail(where, "must be a mapping")
    if missing := required - raw.keys():
        raise fail(where, f"missing {sorted(missing)}")
    if extra := raw.keys() - required - optional:
        raise fail(where, f"unknown key(s) {sorted(extra)}")


def read_yaml(path: Path, label: str) -> Any:
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise fail(label, f"is not valid YAML (line {line}: {exc.problem})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise fail(label, f"cannot be read ({str(exc).splitlines()[0]})") from None


def entries(doc: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise fail(where, f"'{key}' must be a list")
    return value
