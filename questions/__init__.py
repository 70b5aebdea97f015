"""The question bank: data in ``questions/data``, validated into typed objects."""

from questions.errors import BankError
from questions.loader import load_bank, load_bank_from
from questions.model import (
    FULL_FORM,
    KINDS,
    RELATIONSHIPS,
    ROLES,
    SCORED_KINDS,
    Bank,
    Dimension,
    EarlierVersion,
    Item,
    Kind,
    Pair,
    Relationship,
    Role,
    Scale,
    Section,
)
from questions.wording import item_text
from questions.words import catalogue_ids

__all__ = [
    "FULL_FORM",
    "KINDS",
    "RELATIONSHIPS",
    "ROLES",
    "SCORED_KINDS",
    "Bank",
    "BankError",
    "Dimension",
    "EarlierVersion",
    "Item",
    "Kind",
    "Pair",
    "Relationship",
    "Role",
    "Scale",
    "Section",
    "catalogue_ids",
    "item_text",
    "load_bank",
    "load_bank_from",
]
