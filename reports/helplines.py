"""National crisis and domestic-violence lines by country (``data/helplines.yaml``).

Each line names its service, its number to call and/or to text, whether it is open around
the clock (where known), the official page it was taken from and the date it was checked.
:func:`load_helplines` validates the file (shape, ISO 3166 country codes Babel knows, numbers,
https pages, dates); :func:`countries` lists the countries with their names in a locale for a
select box; :func:`line_texts` words a country's lines for the report. Without a country, the
report keeps its generic guidance. How a maintainer re-checks the numbers: docs/report.md.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from babel import Locale

from locales import PSEUDO_LOCALE, catalogue, pseudo_text
from reports import yaml_checks as check

HELPLINES_FILE = Path(__file__).with_name("data") / "helplines.yaml"
LINE_KINDS = ("crisis", "domestic_violence")
KINDS = ("emergency", *LINE_KINDS)  # what a generic paragraph can be replaced by
NUMBER = re.compile(r"\+?[0-9][0-9 \-]{1,18}[0-9]")
LINE_KEYS = frozenset({"kind", "name", "source", "checked"})
LINE_OPTIONAL = frozenset({"phone", "text", "hours"})
HOURS = ("always",)
EARLIEST = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class HelpLine:
    """One line of a country: a crisis or domestic-violence service."""

    kind: str
    name: str
    phone: str | None
    text: str | None
    always: bool  # open around the clock (False: not known, or not)
    source: str
    checked: datetime.date


@dataclass(frozen=True)
class CountryLines:
    """A country's emergency number and help lines."""

    code: str
    emergency: str | None  # None: no official page for it was found (the generic words stay)
    emergency_source: str | None
    lines: tuple[HelpLine, ...]

    def of_kind(self, kind: str) -> tuple[HelpLine, ...]:
        return tuple(line for line in self.lines if line.kind == kind)


def _number(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not NUMBER.fullmatch(value):
        raise check.fail(where, f"'{key}' must be digits, spaces, + or - as text, got {value!r}")
    return value


def _source(raw: Mapping[str, Any], where: str) -> str:
    value = raw.get("source")
    url = urlparse(value) if isinstance(value, str) else None
    if url is None or url.scheme != "https" or not url.netloc:
        raise check.fail(where, f"'source' must be an official page's https address: {value!r}")
    return str(value)


def _checked(raw: Mapping[str, Any], where: str, today: datetime.date) -> datetime.date:
    value = raw.get("checked")
    if not isinstance(value, datetime.date) or not EARLIEST <= value <= today:
        raise check.fail(where, f"'checked' must be a date (YYYY-MM-DD) from {EARLIEST} to today")
    return value


def _line(raw: Any, where: str, today: datetime.date) -> HelpLine:
    check.keys(raw, LINE_KEYS, LINE_OPTIONAL, where)
    kind = raw.get("kind")
    if kind not in LINE_KINDS:
        raise check.fail(where, f"'kind' must be one of {list(LINE_KINDS)}, got {kind!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise check.fail(where, "'name' must be the service's name")
    if "phone" not in raw and "text" not in raw:
        raise check.fail(where, "needs a 'phone' or a 'text' number")
    hours = raw.get("hours")
    if hours is not None and hours not in HOURS:
        raise check.fail(where, f"'hours' must be one of {list(HOURS)} or left out")
    return HelpLine(
        kind=str(kind),
        name=name.strip(),
        phone=_number(raw, "phone", where) if "phone" in raw else None,
        text=_number(raw, "text", where) if "text" in raw else None,
        always=hours == "always",
        source=_source(raw, where),
        checked=_checked(raw, where, today),
    )


def _country(code: Any, raw: Any, where: str, today: datetime.date) -> CountryLines:
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
        raise check.fail(where, f"{code!r} is not an ISO 3166 country code (two capital letters)")
    if code not in Locale("en").territories:
        raise check.fail(where, f"{code!r} is not a country Babel knows")
    check.keys(raw, frozenset({"lines"}), frozenset({"emergency"}), where)
    emergency = raw.get("emergency")
    at = f"{where}.emergency"
    if emergency is not None:
        check.keys(emergency, frozenset({"number", "source", "checked"}), frozenset(), at)
        _checked(emergency, at, today)
    lines = raw["lines"]
    if not isinstance(lines, list) or not lines:
        raise check.fail(f"{where}.lines", "must be a non-empty list")
    return CountryLines(
        code=code,
        emergency=_number(emergency, "number", at) if emergency else None,
        emergency_source=_source(emergency, at) if emergency else None,
        lines=tuple(_line(x, f"{where}.lines[{i}]", today) for i, x in enumerate(lines)),
    )


def read_helplines(path: Path, today: datetime.date | None = None) -> dict[str, CountryLines]:
    """The validated lines of ``path`` by country code; a fault names the file and entry."""
    day = today or datetime.date.today()
    doc = check.read_yaml(path, path.name)
    check.keys(doc, frozenset({"countries"}), frozenset(), path.name)
    table = doc["countries"]
    if not isinstance(table, dict) or not table:
        raise check.fail(path.name, "'countries' must map country codes to their lines")
    return {
        str(code): _country(code, raw, f"{path.name}: countries.{code}", day)
        for code, raw in table.items()
    }


@lru_cache(maxsize=1)
def load_helplines() -> Mapping[str, CountryLines]:
    """The shipped help lines (read and validated once; not user data)."""
    return read_helplines(HELPLINES_FILE)


class UnknownCountry(ValueError):  # noqa: N818 (reads better at call sites)
    """A country code the help-line file has no lines for."""


def lines_for(country: str | None) -> CountryLines | None:
    """The lines of ``country`` (an ISO code, any case); None without a country."""
    if country is None or not country.strip():
        return None
    found = load_helplines().get(country.strip().upper())
    if found is None:
        raise UnknownCountry(country)
    return found


def countries(locale: str) -> list[tuple[str, str]]:
    """(code, name) of every country with lines, names in ``locale`` (Babel's territory
    names), sorted by name: the choices of a select box."""
    words = catalogue(locale)
    names = Locale.parse(words.babel_locale).territories
    pairs = [(code, str(names.get(code, code))) for code in load_helplines()]
    if locale == PSEUDO_LOCALE:
        pairs = [(code, pseudo_text(name)) for code, name in pairs]
    return sorted(pairs, key=lambda pair: pair[1].casefold())
