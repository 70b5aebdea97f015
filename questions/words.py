"""The bank's words, looked up in the message catalogue by stable id.

The YAML holds the structure; every word a person reads is in ``locales/<lang>/bank*.po``
(``bank.po``, ``bank-safety.po``: one domain split in parts):

=====================================  ==========================================
``bank.role.<role>``                   a role's label
``bank.relationship.<relationship>``   a relationship type's label
``bank.scale.<scale>.<point>``         an answer label (``.<choice>`` on a scale of choices)
``bank.section.<id>.title``            a page title
``bank.section.<id>.intro[.<role>]``   a page introduction (a role's own wording)
``bank.dimension.<id>.name``           a dimension's name (and ``.description``)
``bank.item.<id>[.<role>]``            an item (a role's own wording); msgctxt variants
``bank.history.<id>.name``             a retired dimension's name (``data/history.yaml``)
``bank.answer.does_not_apply``         the extra answer of items that presume an event
=====================================  ==========================================

Item texts have one entry per relationship type (msgctxt ``romantic`` ...), each a whole
sentence, and a base entry (no msgctxt): the neutral wording. A missing variant falls back to
the base, so a language decides per item whether its wording depends on the relationship.
:class:`Words` records every id it is asked for; :meth:`Words.check_unused` then rejects ids
of these families that the bank does not use, so a typo in a translation is caught.
"""

from __future__ import annotations

from pathlib import Path

from locales import PSEUDO_LOCALE, Catalogue, read_catalogue
from locales import catalogue as shared_catalogue
from locales.catalogue import LOCALES_DIR
from questions.errors import BankError
from questions.model import RELATIONSHIPS, Bank

DOMAIN = "bank"
FAMILIES = tuple(
    f"{DOMAIN}.{family}."
    for family in (
        "role",
        "relationship",
        "scale",
        "section",
        "dimension",
        "item",
        "history",
        "answer",
    )
)
"""Id families the bank's loader owns (``bank.band.*`` belongs to the scoring rules)."""
VARIANT_FAMILIES = (f"{DOMAIN}.item.",)
DOES_NOT_APPLY_ID = f"{DOMAIN}.answer.does_not_apply"
"""The "Does not apply" answer of items that presume an event."""
"""Id families looked up with a relationship variant."""


def words_file(locale: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """The main ``.po`` file of the bank's words of ``locale`` (qps-ploc: English's), named
    in messages; parts of the domain sit beside it (:func:`words_files`)."""
    source = "en" if locale == PSEUDO_LOCALE else locale
    return locales_dir / source / f"{DOMAIN}.po"


def words_files(locale: str, locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Every ``.po`` file of the bank's words of ``locale``: ``bank.po`` and its parts
    (``bank-<part>.po``)."""
    main = words_file(locale, locales_dir)
    return [main, *sorted(main.parent.glob(f"{DOMAIN}-*.po"))]


def catalogue_for(locale: str, locales_dir: Path | None) -> Catalogue:
    """The shared (cached) catalogue of ``locale``, or one read from ``locales_dir``."""
    if locales_dir is None:
        return shared_catalogue(locale)
    return read_catalogue(locales_dir / locale, locale)


class Words:
    """Lookups of the bank's words in one catalogue; failures name the ``.po`` file and id."""

    def __init__(self, cat: Catalogue, file: Path) -> None:
        self.cat, self.file = cat, file
        self.used: set[str] = set()

    def text(self, message_id: str) -> str:
        """The base entry of ``message_id``; BankError when the locale lacks it."""
        self.used.add(message_id)
        if not self.cat.has(message_id):
            raise BankError(self.file, f"id '{message_id}'", "is missing: the bank needs it")
        return self.cat.text(message_id)

    def variants(self, message_id: str) -> dict[str | None, str]:
        """``{None: neutral, relationship: sentence, ...}``, each variant falling back to base."""
        base = self.text(message_id)
        return {None: base, **{r: self.cat.text(message_id, variant=r) for r in RELATIONSHIPS}}

    def check_unused(self) -> None:
        """BankError for an id of the bank's families that the bank never asked for, or a
        variant that is not a relationship type (or on an id looked up without variants)."""
        keys = self.cat.domain_keys(DOMAIN)  # the bank's domain only: the rest stays unread
        for message_id, variant in sorted(keys, key=lambda k: (k[0], k[1] or "")):
            if not message_id.startswith(FAMILIES):
                continue
            where = f"id '{message_id}'"
            if message_id not in self.used:
                raise BankError(self.file, where, "is not used by the bank (unknown id)")
            if variant is None:
                continue
            if not message_id.startswith(VARIANT_FAMILIES) or variant not in RELATIONSHIPS:
                allowed = list(RELATIONSHIPS) if message_id.startswith(VARIANT_FAMILIES) else []
                raise BankError(
                    self.file, where, f"unknown variant (msgctxt) {variant!r}; allowed: {allowed}"
                )


def catalogue_ids(bank: Bank) -> frozenset[str]:
    """Every catalogue id the bank's words use (the structure alone decides them)."""
    ids = {label_id("role", r) for r in bank.roles}
    ids |= {label_id("relationship", r) for r in bank.relationships}
    for scale in bank.scales.values():
        ids |= {scale_id(scale.id, p) for p in (scale.choices or scale.points)}
    for section in bank.sections:
        ids |= {section_id(section.id, "title"), section_id(section.id, "intro")}
        ids |= {section_id(section.id, "intro", role) for role in section.intro_by_role}
    for dim in bank.dimensions:
        ids |= {dimension_id(dim.id, "name"), dimension_id(dim.id, "description")}
    for item in bank.items:
        ids |= {item_id(item.id), *(item_id(item.id, role) for role in item.worded_for)}
    if any(i.does_not_apply for i in bank.items):
        ids.add(DOES_NOT_APPLY_ID)
    current = {d.id for d in bank.dimensions}
    for earlier in bank.earlier.values():
        ids |= {f"{DOMAIN}.history.{d.id}.name" for d in earlier.dimensions if d.id not in current}
    return frozenset(ids)


def label_id(family: str, key: str) -> str:
    """``bank.role.<role>`` or ``bank.relationship.<relationship>``."""
    return f"{DOMAIN}.{family}.{key}"


def scale_id(scale: str, point: int | str) -> str:
    """``bank.scale.<scale>.<point>`` (a choice id on a scale of choices)."""
    return f"{DOMAIN}.scale.{scale}.{point}"


def section_id(section: str, part: str, role: str | None = None) -> str:
    """``bank.section.<id>.<part>[.<role>]``."""
    return f"{DOMAIN}.section.{section}.{part}" + (f".{role}" if role else "")


def dimension_id(dimension: str, part: str) -> str:
    """``bank.dimension.<id>.<part>`` (part: name or description)."""
    return f"{DOMAIN}.dimension.{dimension}.{part}"


def item_id(item: str, role: str | None = None) -> str:
    """``bank.item.<id>``, or ``bank.item.<id>.<role>`` for a role's own wording."""
    return f"{DOMAIN}.item.{item}" + (f".{role}" if role else "")
