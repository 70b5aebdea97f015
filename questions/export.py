"""The bank as a plain JSON-ready document (``python -m questions export``)."""

from __future__ import annotations

from typing import Any

from questions.model import Bank
from questions.wording import fill


def bank_document(bank: Bank) -> dict[str, Any]:
    """Version, dimensions and items with neutral wording, in bank order."""
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
                "text": fill(i.text, bank.neutral),
                "reverse": i.reverse,
                "roles": list(i.roles),
                "min": i.scale.min,
                "max": i.scale.max,
            }
            for i in bank.items
        ],
    }
