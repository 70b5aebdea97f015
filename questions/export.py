"""The bank as a plain JSON-ready document (``python -m questions export``)."""

from __future__ import annotations

from typing import Any

from questions.model import Bank, Item


def _item(item: Item) -> dict[str, Any]:
    """One item; ``ask_if`` only on a stepped item, ``choices`` only on a context item,
    ``does_not_apply`` only on an item that presumes an event."""
    doc: dict[str, Any] = {
        "id": item.id,
        "dimension": item.dimension,
        "text": item.text,
        "reverse": item.reverse,
        "roles": list(item.roles),
        "min": item.scale.min,
        "max": item.scale.max,
    }
    if item.does_not_apply:
        doc["does_not_apply"] = True  # a "Does not apply" answer: left blank in files
    if item.ask_if is not None:
        doc["ask_if"] = {"item": item.ask_if.item, "above": item.ask_if.above}
    if item.scale.choices:
        doc["choices"] = [
            {"point": p, "id": item.scale.choice_of(p), "label": item.scale.labels[p]}
            for p in item.scale.points
        ]
    return doc


def bank_document(bank: Bank) -> dict[str, Any]:
    """Version, form, dimensions and items with neutral wording in the bank's locale, in the
    order they are asked (safety first)."""
    order = {s.id: n for n, s in enumerate(bank.sections)}
    dims = sorted(bank.dimensions, key=lambda d: order[d.section])
    items = sorted(bank.items, key=lambda i: order[bank.dimension_by_id[i.dimension].section])
    return {
        "version": bank.version,
        "form": bank.form,
        "dimensions": [
            {"id": d.id, "name": d.name, "kind": d.kind, "roles": list(d.roles)} for d in dims
        ],
        "items": [_item(i) for i in items],
    }
