"""The message catalogue: every word a person reads, by stable id, per language.

Gettext ``.po`` files read with Babel (``locales/<locale>/<domain>.po``; msgid = the id,
msgstr = the text, msgctxt = a variant such as a relationship type). The pseudo-locale
``qps-ploc`` is made from English at load time. Imports nothing of the project.

    cat = catalogue("en")
    cat.text("app.welcome.title")
    cat.text("bank.item.cling_1", variant="romantic")
    cat.plural("app.checkups.imported", 3, count=3)
"""

from locales.catalogue import (
    DEFAULT_LOCALE,
    ENV_VAR,
    ID_PATTERN,
    PSEUDO_LOCALE,
    Catalogue,
    CatalogueError,
    MissingMessage,
    UnknownLocale,
    available_locales,
    catalogue,
    read_catalogue,
    resolve_locale,
)
from locales.pseudo import pseudo_text

LOCALES = available_locales()

__all__ = [
    "DEFAULT_LOCALE",
    "ENV_VAR",
    "ID_PATTERN",
    "LOCALES",
    "PSEUDO_LOCALE",
    "Catalogue",
    "CatalogueError",
    "MissingMessage",
    "UnknownLocale",
    "available_locales",
    "catalogue",
    "pseudo_text",
    "read_catalogue",
    "resolve_locale",
]
