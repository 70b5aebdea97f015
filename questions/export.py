"""The bank as a plain JSON-ready document (``python -m questions export``)."""

from __future__ import annotations

from typing import Any

from questions.model import Bank


def bank_document(bank: Bank) -> dict[str, Any]:
    """Version, dimensions and items with neutral wording in the bank's locale, in bank order."""
    return {
        "version": bank.version,
        "dimensions": [
            {"id": d.id, "name": d.name, "kind": d.kind, "roles": list(d.roles)}
            for d in bank.dimensions
        ],
        "items": [
            {
                "id": i.id,
                "dimension": i.dimension,
                "text": i.text,
                "reverse": i.reverse,
                "roles": list(i.roles),
                "min": i.scale.min,
                "max": i.scale.max,
            }
            for i in bank.items
        ],
    }
