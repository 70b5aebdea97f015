"""Load a locale's ``.po`` files on first use and look messages up by id.

One file per domain: every id in ``app.po`` starts with ``app.`` and so on, so each part of the
project owns its own file; a large domain may be split into ``<domain>-<part>.po`` files
(``report-steps.po``), and an id may appear in only one of them. A message is a base entry
(no msgctxt) and optional variants (msgctxt, e.g. a relationship type); a lookup with a
variant falls back to the base. Fuzzy and empty entries count as missing. Parameters are
``str.format`` fields filled after lookup.

Because an id starts with its domain, :func:`catalogue` reads a domain's files only when an
id of that domain is first looked up (a command that prints a report never reads ``app.po``);
:meth:`Catalogue.ids`, :meth:`Catalogue.keys` and :func:`read_catalogue` read everything.
The files are read with :mod:`locales.po` (importing Babel's reader and reading with it cost
every command about 40 ms more).
"""

from __future__ import annotations

import gettext
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from locales.po import PoSyntaxError, parse_po, plural_rule
from locales.pseudo import pseudo_text

LOCALES_DIR = Path(__file__).resolve().parent
DEFAULT_LOCALE = "en"
PSEUDO_LOCALE = "qps-ploc"
ENV_VAR = "TRUSTCHECK_LANG"
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
DEFAULT_PLURAL = "(n != 1)"
Key = tuple[str, str | None]  # (id, variant)
Forms = tuple[str, ...]


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


def domain_of(message_id: str) -> str:
    """``report`` for ``report.step.x``: the domain (the file) an id lives in."""
    return message_id.split(".", 1)[0]


def _read_file(path: Path) -> tuple[dict[Key, Forms], str | None]:
    """The entries of one domain file and its plural-forms expression (None: not given)."""
    domain = path.stem.split("-")[0]
    try:
        entries = parse_po(path.read_text(encoding="utf-8"))
    except (OSError, PoSyntaxError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc})") from None
    found: dict[Key, Forms] = {}
    for entry in entries:
        if not entry.id:
            continue  # the header
        where = f"{path}: {entry.id!r}"
        if not ID_PATTERN.fullmatch(entry.id) or domain_of(entry.id) != domain:
            raise CatalogueError(f"{where}: ids in {path.name} look like '{domain}.name'")
        forms = entry.forms
        if entry.fuzzy or not all(forms):
            continue  # untranslated: missing, and the completeness test says so
        found[entry.id, entry.context or None] = forms
    return found, plural_rule(entries)


class _Folder:
    """One locale folder's files, read a domain at a time on first need (thread-safe)."""

    def __init__(self, folder: Path, locale: str) -> None:
        self.locale = locale
        self.files: dict[str, list[Path]] = {}
        for path in sorted(folder.glob("*.po")):
            self.files.setdefault(path.stem.split("-")[0], []).append(path)
        self._read: dict[str, tuple[dict[Key, Forms], str | None]] = {}
        self._lock = threading.Lock()

    def domain(self, name: str) -> tuple[dict[Key, Forms], str | None]:
        """The messages of domain ``name`` (every part file) and its plural expression."""
        found = self._read.get(name)
        if found is None:
            with self._lock:
                found = self._read.get(name) or self._load(name)
                self._read[name] = found
        return found

    def _load(self, name: str) -> tuple[dict[Key, Forms], str | None]:
        messages: dict[Key, Forms] = {}
        rule: str | None = None
        for path in self.files.get(name, []):
            found, expression = _read_file(path)
            twice = sorted(key[0] for key in found.keys() & messages.keys())
            if twice:
                raise CatalogueError(
                    f"{path}: {twice[0]!r} is also in another file of {self.locale}"
                )
            messages.update(found)
            rule = rule or expression
        return messages, rule


class Messages:
    """A locale's messages by domain: its own folder's, then ``fallback``'s (English) for
    ids it has not reached, each form passed through ``shape`` (the pseudo-locale's)."""

    def __init__(
        self,
        own: _Folder | None,
        fallback: Messages | None = None,
        shape: Callable[[str], str] | None = None,
    ) -> None:
        self.own, self.fallback, self.shape = own, fallback, shape
        self._domains: dict[str, dict[Key, Forms]] = {}
        self._plurals: dict[str, Callable[[int], int]] = {}

    def domain(self, name: str) -> dict[Key, Forms]:
        """Every message of domain ``name`` as this locale shows it."""
        found = self._domains.get(name)
        if found is None:
            found = dict(self.fallback.domain(name)) if self.fallback else {}
            if self.own is not None:
                found.update(self.own.domain(name)[0])
            if self.shape is not None:
                shape = self.shape
                found = {k: tuple(shape(f) for f in forms) for k, forms in found.items()}
            self._domains[name] = found
        return found

    def get(self, key: Key) -> Forms | None:
        return self.domain(domain_of(key[0])).get(key)

    def plural_index(self, name: str) -> Callable[[int], int]:
        """The plural rule of domain ``name``: its own files' ``Plural-Forms``, else the
        fallback's, else ``(n != 1)``."""
        found = self._plurals.get(name)
        if found is None:
            rule = self.own.domain(name)[1] if self.own is not None else None
            if rule is None and self.fallback is not None:
                found = self.fallback.plural_index(name)
            else:
                found = gettext.c2py(rule or DEFAULT_PLURAL)
            self._plurals[name] = found
        return found

    def names(self) -> list[str]:
        """Every domain with a file, here or in the fallback."""
        own = list(self.own.files) if self.own is not None else []
        more = self.fallback.names() if self.fallback is not None else []
        return list(dict.fromkeys([*own, *more]))

    def everything(self) -> dict[Key, Forms]:
        """Every message of every domain (reads them all)."""
        merged: dict[Key, Forms] = {}
        for name in self.names():
            merged.update(self.domain(name))
        return merged

    def own_keys(self) -> frozenset[Key]:
        """The keys of this locale's own files; everything for a locale without fallback
        (English) or without files (the pseudo-locale, made whole from English)."""
        if self.own is None or self.fallback is None:
            return frozenset(self.everything())
        return frozenset(k for name in self.own.files for k in self.own.domain(name)[0])


@dataclass(frozen=True)
class Catalogue:
    """The messages of one locale: ``(id, variant) -> forms`` (one form, or plural forms).

    Where the locale has not translated an id yet, its message is English's (gettext's rule:
    show the source text rather than fail)."""

    locale: str
    babel_locale: str  # the locale Babel formats dates and numbers in
    source: Messages

    def _forms(self, message_id: str, variant: str | None) -> Forms:
        found = self.source.get((message_id, variant)) if variant else None
        found = found or self.source.get((message_id, None))
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
        index = min(self.source.plural_index(domain_of(message_id))(count), len(forms) - 1)
        return forms[index].format(**params)

    def has(self, message_id: str, variant: str | None = None) -> bool:
        """Whether the id (with exactly this variant, None = the base) is present."""
        return self.source.get((message_id, variant)) is not None

    @property
    def messages(self) -> Mapping[Key, Forms]:
        """Every message (reads every domain)."""
        return self.source.everything()

    def domain_keys(self, domain: str) -> frozenset[Key]:
        """Every (id, variant) pair of one domain (reads that domain only)."""
        return frozenset(self.source.domain(domain))

    def ids(self) -> frozenset[str]:
        """Every message id of this locale."""
        return frozenset(key for key, _ in self.messages)

    def keys(self) -> frozenset[Key]:
        """Every (id, variant) pair of this locale."""
        return frozenset(self.messages)

    def own_ids(self) -> frozenset[str]:
        """The ids written in this locale's own files (not English shown meanwhile)."""
        return frozenset(key for key, _ in self.source.own_keys())


def read_catalogue(folder: Path, locale: str) -> Catalogue:
    """The catalogue held by the ``.po`` files of ``folder`` (all read and validated now;
    not cached)."""
    source = Messages(_Folder(folder, locale))
    source.everything()
    return Catalogue(locale, locale.split("-")[0], source)


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
    """The catalogue of ``locale``, once per process (it is not user data); each domain's
    files are read when an id of that domain is first looked up."""
    if locale == PSEUDO_LOCALE:
        english = catalogue(DEFAULT_LOCALE).source
        return Catalogue(PSEUDO_LOCALE, DEFAULT_LOCALE, Messages(None, english, pseudo_text))
    if locale not in available_locales():
        raise UnknownLocale(locale, available_locales())
    own = _Folder(LOCALES_DIR / locale, locale)
    fallback = None if locale == DEFAULT_LOCALE else catalogue(DEFAULT_LOCALE).source
    return Catalogue(locale, locale.split("-")[0], Messages(own, fallback))
