"""Looking up the words a data entry needs, failing with the file, the id and the entry.

Shared by the loaders of the report's data (:mod:`reports.content`, :mod:`reports.step_data`,
:mod:`reports.effects`, :mod:`reports.helplines`).
"""

from __future__ import annotations

import string

from locales import Catalogue
from questions import RELATIONSHIPS
from reports.ids import DOMAIN
from reports.yaml_checks import ContentError


class Words:
    """The report's catalogue, seen by a loader: every needed id must exist."""

    def __init__(self, words: Catalogue, file: str) -> None:
        self.words, self.file = words, file

    def need(self, message_id: str, where: str, *, fields: bool = False) -> str:
        """The text of ``message_id``; without ``fields`` it may hold no ``{field}`` (wording
        for a relationship type is a variant, not a field)."""
        if not self.words.has(message_id):
            raise ContentError(f"{self.file}: no message {message_id!r} (needed by {where})")
        text = self.words.text(message_id)
        if fields:
            return text
        if any(field is not None for _, field, _, _ in string.Formatter().parse(text)):
            raise ContentError(
                f"{self.file}: {message_id!r} has a {{field}}; wording for a relationship type "
                "is a variant (msgctxt), not a field"
            )
        return text

    def check_variants(self) -> None:
        """Variants are relationship types, and an id has all of them or none."""
        contexts: dict[str, set[str]] = {}
        for message_id, variant in self.words.domain_keys(DOMAIN):  # the rest stays unread
            if variant is not None and message_id.startswith(f"{DOMAIN}."):
                contexts.setdefault(message_id, set()).add(variant)
        for message_id, found in sorted(contexts.items()):
            if unknown := found - set(RELATIONSHIPS):
                raise ContentError(
                    f"{self.file}: {message_id!r}: unknown msgctxt {sorted(unknown)}"
                )
            if missing := set(RELATIONSHIPS) - found:
                raise ContentError(f"{self.file}: {message_id!r}: no variant for {sorted(missing)}")
