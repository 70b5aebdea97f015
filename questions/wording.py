"""Fill wording templates: ``{other}`` and ``{your_other}`` name the other person.

Item text speaks in the first person ("my partner"); step text speaks to the person
("your partner"). Exports use the neutral wording ("the other person").
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
    """An item's question as shown to this role in this kind of relationship."""
    return fill(item.template_for(role), wording_for(bank, relationship))
