"""Load a locale's ``.po`` files once and look messages up by id.

One file per domain: every id in ``app.po`` starts with ``app.`` and so on, so each part of the
project owns its own file; a large domain may be split into ``<domain>-<part>.po`` files
(``report-steps.po``), and an id may appear in only one of them. A message is a base entry
(no msgctxt) and optional variants (msgctxt, e.g. a relationship type); a lookup with a
variant falls back to the base. Fuzzy and empty entries count as missing. Parameters are
``str.format`` fields filled after lookup.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import PoFileError, read_po

from locales.pseudo import pseudo_text

LOCALES_DIR = Path(__file__).resolve().parent
DEFAULT_LOCALE = "en"
PSEUDO_LOCALE = "qps-ploc"
ENV_VAR = "TRUSTCHECK_LANG"
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
Key = tuple[str, str | None]  # (id, variant)


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message names the file and the entry."""


class UnknownLocale(ValueError):  # noqa: N818 (reads better at call sites)
    """A locale with no catalogue; ``known`` lists the ones there are."""

    def __init__(self, locale: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown language {locale!r}; available: {', '.join(known)}")
        self.locale = locale
        self.known = known


class MissingMessage(KeyError):  # noqa: N818
    """A lookup of an id the locale does not have (a bug the completeness test catches)."""


@dataclass(frozen=True)
class Catalogue:
    """The messages of one locale: ``(id, variant) -> forms`` (one form, or plural forms)."""

    locale: str
    babel_locale: str  # the locale Babel formats dates and numbers in
    messages: Mapping[Key, tuple[str, ...]]
    plural_index: Callable[[int], int]
    # The keys translated in this locale; the rest of ``messages`` is English for a file
    # not translated yet (gettext's rule: show the source text rather than fail). None: all.
    translated: frozenset[Key] | None = None

    def _forms(self, message_id: str, variant: str | None) -> tuple[str, ...]:
        found = self.messages.get((message_id, variant)) if variant else None
        found = found or self.messages.get((message_id, None))
        if found is None:
            raise MissingMessage(f"{self.locale}: no message {message_id!r}")
        return found

    def text(self, message_id: str, /, variant: str | None = None, **params: Any) -> str:
        """The message ``message_id`` (its ``variant`` if it has one), fields filled."""
        template = self._forms(message_id, variant)[0]
        return template.format(**params) if params else template

    def plural(
        self, message_id: str, count: int, /, variant: str | None = None, **params: Any
    ) -> str:
        """The plural form of ``message_id`` for ``count``, fields filled."""
        forms = self._forms(message_id, variant)
        index = min(self.plural_index(count), len(forms) - 1)
        return forms[index].format(**params)

    def has(self, message_id: str, variant: str | None = None) -> bool:
        """Whether the id (with exactly this variant, None = the base) is present."""
        return (message_id, variant) in self.messages

    def ids(self) -> frozenset[str]:
        """Every message id of this locale."""
        return frozenset(key for key, _ in self.messages)

    def keys(self) -> frozenset[Key]:
        """Every (id, variant) pair of this locale."""
        return frozenset(self.messages)

    def own_ids(self) -> frozenset[str]:
        """The ids written in this locale's own files (not English shown meanwhile)."""
        keys = self.messages if self.translated is None else self.translated
        return frozenset(key for key, _ in keys)


def _entry_forms(message: Any) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(str(s) for s in strings)


def _read_file(path: Path, locale: str) -> tuple[dict[Key, tuple[str, ...]], str]:
    """The entries of one domain file and its plural-forms expression."""
    domain = path.stem.split("-")[0]
    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=None, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc})") from None
    found: dict[Key, tuple[str, ...]] = {}
    for message in po:
        raw_id = message.id[0] if isinstance(message.id, tuple | list) else message.id
        if not raw_id:
            continue  # the header
        where = f"{path}: {raw_id!r}"
        if not ID_PATTERN.fullmatch(raw_id) or raw_id.split(".")[0] != domain:
            raise CatalogueError(f"{where}: ids in {path.name} look like '{domain}.name'")
        forms = _entry_forms(message)
        if message.fuzzy or not all(forms):
            continue  # untranslated: missing, and the completeness test says so
        found[raw_id, message.context or None] = forms
    expression = po.plural_expr if po.plural_expr else "(n != 1)"
    return found, expression


def read_catalogue(folder: Path, locale: str) -> Catalogue:
    """The catalogue held by the ``.po`` files of ``folder`` (validated; not cached)."""
    messages: dict[Key, tuple[str, ...]] = {}
    expression = "(n != 1)"
    for path in sorted(folder.glob("*.po")):
        found, expression = _read_file(path, locale)
        twice = sorted(key[0] for key in found.keys() & messages.keys())
        if twice:
            raise CatalogueError(f"{path}: {twice[0]!r} is also in another file of {locale}")
        messages.update(found)
    return Catalogue(locale, locale.split("-")[0], messages, gettext.c2py(expression))


def _pseudo() -> Catalogue:
    english = catalogue(DEFAULT_LOCALE)
    messages = {
        key: tuple(pseudo_text(form) for form in forms) for key, forms in english.messages.items()
    }
    return Catalogue(PSEUDO_LOCALE, DEFAULT_LOCALE, messages, english.plural_index)


def available_locales() -> tuple[str, ...]:
    """The shipped locales (folders holding .po files), English first, then qps-ploc."""
    found = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and any(p.glob("*.po")))
    ordered = [DEFAULT_LOCALE, *(name for name in found if name != DEFAULT_LOCALE)]
    return (*ordered, PSEUDO_LOCALE)


def resolve_locale(requested: str | None = None) -> str:
    """``requested``, else ``$TRUSTCHECK_LANG``, else English; ``es_ES`` finds ``es``."""
    raw = requested if requested is not None else os.environ.get(ENV_VAR) or DEFAULT_LOCALE
    known = available_locales()
    wanted = raw.strip().replace("_", "-")
    for candidate in (wanted, wanted.split("-")[0].lower()):
        if candidate in known:
            return candidate
    raise UnknownLocale(raw, known)


@lru_cache(maxsize=8)
def catalogue(locale: str = DEFAULT_LOCALE) -> Catalogue:
    """The catalogue of ``locale``, read once per process (it is not user data)."""
    if locale == PSEUDO_LOCALE:
        return _pseudo()
    if locale not in available_locales():
        raise UnknownLocale(locale, available_locales())
    found = read_catalogue(LOCALES_DIR / locale, locale)
    if locale == DEFAULT_LOCALE:
        return found
    messages = {**catalogue(DEFAULT_LOCALE).messages, **found.messages}
    own = frozenset(found.messages)
    return Catalogue(found.locale, found.babel_locale, messages, found.plural_index, own)
