"""The pseudo-locale ``qps-ploc``: English with accented letters, wrapped in ``⟦`` … ``⟧``.

Text that shows unwrapped in a ``qps-ploc`` run did not come from the catalogue. Format
fields (``{count}``) are kept as they are, so parameters (a person's alias, a number) are
filled in after the transformation and are never wrapped or accented.
"""

from __future__ import annotations

import string

OPEN, CLOSE = "⟦", "⟧"
_PLAIN = "AaCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz"
_ACCENTED = "ÅåÇçÐðÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž"
_ACCENTS = str.maketrans(_PLAIN, _ACCENTED)
_FORMATTER = string.Formatter()


def _field(name: str, spec: str, conversion: str | None) -> str:
    """A format field written back as it was parsed."""
    text = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
    return "{" + text + "}"


def pseudo_text(text: str) -> str:
    """``Welcome, {name}`` -> ``⟦Ŵéļçöɱé, {name}⟧``: letters accented outside format fields."""
    parts: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(text):
        parts.append(literal.replace("{", "{{").replace("}", "}}").translate(_ACCENTS))
        if name is not None:
            parts.append(_field(name, spec or "", conversion))
    return OPEN + "".join(parts) + CLOSE
