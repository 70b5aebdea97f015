"""The question bank: data in ``questions/data``, validated into typed objects."""

from questions.errors import BankError
from questions.loader import load_bank, load_bank_from
from questions.model import (
    KINDS,
    RELATIONSHIPS,
    ROLES,
    SCORED_KINDS,
    Bank,
    Dimension,
    Item,
    Kind,
    Role,
    Scale,
    Section,
    Wording,
)
from questions.wording import fill, item_text, wording_for
from questions.words import catalogue_ids

__all__ = [
    "KINDS",
    "RELATIONSHIPS",
    "ROLES",
    "SCORED_KINDS",
    "Bank",
    "BankError",
    "Dimension",
    "Item",
    "Kind",
    "Role",
    "Scale",
    "Section",
    "Wording",
    "catalogue_ids",
    "fill",
    "item_text",
    "load_bank",
    "load_bank_from",
    "wording_for",
]
