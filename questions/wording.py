"""Item texts as shown, and (transitional) the ``{other}`` / ``{your_other}`` wording table.

Item texts are whole sentences per relationship type in the catalogue (see
:mod:`questions.words`); exports use the neutral wording ("the other person").
:func:`fill` and :func:`wording_for` remain only for step texts that still splice a phrase
(``reports/selection.py``); they go once those move to catalogue variants too.
"""

from __future__ import annotations

from questions.model import Bank, Item, Wording


def fill(template: str, wording: Wording) -> str:
    """Replace the placeholders in a data template (never in user text)."""
    return template.format(other=wording.other, your_other=wording.your_other)


def wording_for(bank: Bank, relationship: str | None) -> Wording:
    """The wording for a relationship type, or the neutral one when it is not given."""
    if relationship is None:
        return bank.neutral
    return bank.relationships[relationship]


def item_text(bank: Bank, item: Item, role: str, relationship: str | None) -> str:
    """An item's question as asked of this role about this kind of relationship (None:
    the neutral wording), in the bank's locale."""
    return item.text_for(role, relationship)
