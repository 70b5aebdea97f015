"""Item texts as shown: whole sentences per role and relationship type, from the catalogue.

Exports use the neutral wording ("the other person"): relationship None.
"""

from __future__ import annotations

from questions.model import Bank, Item


def item_text(bank: Bank, item: Item, role: str, relationship: str | None) -> str:
    """An item's question as asked of this role about this kind of relationship (None:
    the neutral wording), in the bank's locale."""
    return item.text_for(role, relationship)
